using Df2.Kernels;
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
    /// A failure from TorchSharp's implicit-Scalar race (<see cref="TorchScalarRace"/>) re-runs the cell from its last
    /// checkpoint, up to <see cref="TorchScalarRace.MaxRetries"/> times: resume is exact, so the numbers are those of an
    /// uninterrupted run; the count is reported as the metric <c>scalar_race_retries</c>.
    /// </summary>
    public static CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        Validate(request);
        var (metrics, retries) = TorchScalarRace.Run(() => CellTrainer.Run(request, checkpoints, progress, cancel), cancel);
        return WithRetries(metrics, retries);
    }

    /// <summary>Adds the metric <c>scalar_race_retries</c> when a cell needed a retry (<see cref="TorchScalarRace"/>).</summary>
    public static CellMetrics WithRetries(CellMetrics metrics, int retries) => retries == 0 ? metrics
        : metrics with { Extra = new Dictionary<string, double>(metrics.Extra) { ["scalar_race_retries"] = retries } };
}
