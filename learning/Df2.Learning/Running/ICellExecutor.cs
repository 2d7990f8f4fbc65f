namespace Df2.Learning.Running;

/// <summary>
/// What actually runs a cell. The grains' LearningCellExecutor trains and evaluates through the plug-in catalog; the
/// tests add executors of their own (tests/Df2.TestSupport: spin sleeps per epoch, probe counts TorchSharp's handle
/// hazards), loaded by the grains' CellExecutors.ByName. Hosts run them in df2-worker children through the grains' ProcessCellExecutor.
/// The contract lives in the learning core so that the spec library validates and plans a sweep without the grains.
/// </summary>
public interface ICellExecutor
{
    /// <summary>Short name ("learning"; the tests' "spin", "probe").</summary>
    string Name { get; }

    IReadOnlyList<string>? TaskNames { get; }

    IReadOnlyList<string>? MethodNames { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad task, method or parameter.</summary>
    void Validate(CellRequest request);

    /// <summary>
    /// The cells that must finish before this one runs (none for most cells), asked once per cell when a sweep is
    /// prepared. The sweep adds them as cells of their own (identical ones once) and gates the dependents on them.
    /// </summary>
    IReadOnlyList<CellDependency> Dependencies(CellRequest request);

    /// <summary>
    /// The cell's step plan, asked once when a sweep is prepared and carried in <c>CellDescription.Halves</c>: 0 = one unit
    /// of work (a worker runs it whole); n &gt; 0 = n halves and an evaluation, handed out one at a time by the cell's DroGrain.
    /// </summary>
    int Halves(CellRequest request) => 0;

    CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel);
}
