using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// What actually runs a cell. <see cref="LearningCellExecutor"/> trains and evaluates through the
/// learning core; <see cref="SpinCellExecutor"/> is a documented "sleep N ms per epoch" stand-in used
/// only by scheduler throughput benchmarks and fault tests — it never trains anything; <see cref="ProbeCellExecutor"/>
/// counts TorchSharp's handle hazards. Hosts run them in df2-worker children through <see cref="ProcessCellExecutor"/>.
/// </summary>
public interface ICellExecutor
{
    /// <summary>Short name recorded with results ("learning" or "spin").</summary>
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

public static class CellExecutors
{
    /// <summary>Resolve an executor by name: "learning" (default), "spin" or "probe".</summary>
    public static ICellExecutor ByName(string name) => name switch
    {
        "learning" => new LearningCellExecutor(),
        "spin" => new SpinCellExecutor(),
        "probe" => new ProbeCellExecutor(),
        _ => throw new ArgumentException($"unknown executor '{name}' (expected learning, spin or probe)", nameof(name)),
    };
}
