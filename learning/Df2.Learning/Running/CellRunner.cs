using Df2.Learning.Methods;
using Df2.Learning.Tasks;

namespace Df2.Learning.Running;

/// <summary>
/// Entry point the grains call: validate a cell's request before a sweep is accepted, and run
/// one cell to completion (resuming from the sink's checkpoint when there is one).
/// </summary>
public static class CellRunner
{
    /// <summary>Names of every registered task: the synthetic ones, then wind, inventory, vaccine.</summary>
    public static IReadOnlyList<string> TaskNames => TaskRegistry.Names;

    /// <summary>Names of every registered method, e.g. "df2", "two-stage-gmm", "dfl".</summary>
    public static IReadOnlyList<string> MethodNames => MethodRegistry.Names;

    /// <summary>Throws <see cref="ArgumentException"/> naming the task, method or parameter key/value that is wrong.</summary>
    public static void Validate(CellRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CellDevice.CheckFormat(request.Device);
        CellTrainer.Validate(request);
    }

    /// <summary>
    /// Train and evaluate one cell. Throws <see cref="CellFailedException"/> with a reason on NaN loss etc.
    /// </summary>
    public static CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        Validate(request);
        return CellTrainer.Run(request, checkpoints, progress, cancel);
    }
}
