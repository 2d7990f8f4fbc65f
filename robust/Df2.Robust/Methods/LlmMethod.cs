using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Running;

namespace Df2.Robust.Methods;

/// <summary>
/// The shared shape of 3D-Learning's methods: they need forecast windows and a closed-form decision from a point forecast
/// (<see cref="TaskOffer.ClosedFormDecision"/>), declare the settings records they read (<see cref="Settings"/>; the cell
/// validates them once, <see cref="LlmCell.Settings"/>) and name their dependency cells by what they start from: the trained
/// DFL predictor (<see cref="DflPredictorMethod"/>) and/or the pre-trained DDPM (<see cref="DdpmPretrainMethod"/>), each with
/// exactly the parameters that determine it.
/// </summary>
public abstract class LlmMethod(string name, string description) : IMethodPlugin
{
    public string Name => name;

    public string Description => description;

    public virtual IReadOnlyList<TaskOffer> Needs { get; } = [TaskOffer.Windows | TaskOffer.ClosedFormDecision];

    public abstract IReadOnlyList<SettingsGroup> Settings { get; }

    public virtual bool ProducesArtifact => false;

    public virtual bool Proposed => false;

    /// <summary>True when the method starts from the trained DFL predictor.</summary>
    protected virtual bool StartsFromDflPredictor => false;

    /// <summary>True when the method uses the pre-trained DDPM θ0.</summary>
    protected virtual bool UsesPretrainedDdpm => false;

    public virtual void Validate(CellRequest request) => _ = Read(request);

    /// <summary>The cell's validated settings: its task's records and <see cref="Settings"/>.</summary>
    protected CellSettings Read(CellRequest request) => LlmCell.Settings(request, Settings);

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request)
    {
        var s = Read(request);
        var needs = new List<CellDependency>();
        if (StartsFromDflPredictor) needs.Add(new CellDependency(DflPredictorMethod.Key, DflPredictorMethod.DependencyParameters(s)));
        if (UsesPretrainedDdpm) needs.Add(new CellDependency(DdpmPretrainMethod.Key, DdpmPretrainMethod.DependencyParameters(s)));
        return needs;
    }

    public abstract CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel);
}
