using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Plugins;

/// <summary>
/// A method as a plug-in, found by name in the <see cref="PluginCatalog"/>: what it needs from a task (it fits a task
/// when one of <see cref="Needs"/> is a subset of the task's offers), what it produces (a regret, or an
/// <see cref="ProducesArtifact">artifact</see> that other cells depend on), and how to validate, plan and run a cell.
/// A method that runs as rounds of separately scheduled steps implements <see cref="IRoundBasedMethod"/> as well.
/// </summary>
public interface IMethodPlugin
{
    string Name { get; }

    string Description { get; }

    /// <summary>Alternative sets of task offers; the method fits a task that offers every flag of at least one.</summary>
    IReadOnlyList<TaskOffer> Needs { get; }

    /// <summary>
    /// The settings records the method reads: a cell accepts exactly these keys and its task's (<see cref="CellSettings"/>);
    /// the keys that only other methods declare are dropped before the method sees the cell (<see cref="PluginCatalog.Bind"/>).
    /// </summary>
    IReadOnlyList<SettingsGroup> Settings { get; }

    /// <summary>
    /// True for a dependency cell: it has no regret and produces an artifact (safetensors bytes) that the cells naming it in
    /// <see cref="Dependencies"/> load; the sweep adds it, a spec does not list it.
    /// </summary>
    bool ProducesArtifact { get; }

    /// <summary>
    /// True for a paper's proposed method (DF2, 3D-Learning): on each task a table pairs every other row against the first
    /// proposed row and measures it against the best of the others (the baselines), and a plot draws it in its own colour.
    /// </summary>
    bool Proposed { get; }

    /// <summary>Throws <see cref="ArgumentException"/> (<see cref="Tasks.ParameterException"/> for a parameter) naming what is wrong.</summary>
    void Validate(CellRequest request);

    /// <summary>The cells that must finish before this one runs, with exactly the parameters that determine them.</summary>
    IReadOnlyList<CellDependency> Dependencies(CellRequest request);

    /// <summary>The whole cell in this process (a round-based method runs its steps one after another), resuming from the sink.</summary>
    CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel);
}

/// <summary>
/// A method whose cell is a sequence of steps that a scheduler may run on different workers (3D-Learning's adversary and
/// decision halves, then an evaluation): step h turns the state after h halves into the state after h + 1, and a step
/// run again gives the same bytes.
/// </summary>
public interface IRoundBasedMethod : IMethodPlugin
{
    /// <summary>How many halves the cell runs (validated parameters).</summary>
    int Halves(CellRequest request);

    /// <summary>Half <paramref name="finishedHalves"/> + 1, from the state after <paramref name="finishedHalves"/> halves (null before the first).</summary>
    DroHalfOutcome RunHalf(CellRequest request, int finishedHalves, byte[]? state, CancellationToken cancel);

    /// <summary>The cell's metrics from the state after its last half.</summary>
    CellMetrics Evaluate(CellRequest request, byte[] state, CancellationToken cancel);
}
