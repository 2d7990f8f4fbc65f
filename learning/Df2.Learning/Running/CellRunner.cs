using Df2.Kernels;
using Df2.Learning.Methods;
using Df2.Learning.RealWorld.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Running;

/// <summary>
/// Entry point the grains call: validate a cell's request before a sweep is accepted, and run
/// one cell to completion (resuming from the sink's checkpoint when there is one).
/// </summary>
public static class CellRunner
{
    /// <summary>Names of every registered task: the synthetic ones, then wind, inventory, vaccine.</summary>
    public static IReadOnlyList<string> TaskNames { get; } = [.. TaskRegistry.Names, .. RealWorldRunner.TaskNames];

    /// <summary>Names of every registered method, e.g. "df2", "two-stage-gmm", "dfl".</summary>
    public static IReadOnlyList<string> MethodNames { get; } = [.. MethodRegistry.Names.Union(RealWorldRunner.MethodNames)];

    /// <summary>Throws <see cref="ArgumentException"/> naming the task, method or parameter key/value that is wrong.</summary>
    public static void Validate(CellRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CellDevice.CheckFormat(request.Device);
        if (RealWorldRunner.Handles(request.Task)) { RealWorldRunner.Validate(request); return; }
        if (!TaskRegistry.Names.Contains(request.Task))
            throw new ArgumentException($"task '{request.Task}' is unknown; known: {string.Join(", ", TaskNames)}");
        if (!MethodRegistry.Names.Contains(request.Method) && MethodNames.Contains(request.Method))
            throw new ArgumentException($"method '{request.Method}' is not available on task '{request.Task}'; it runs on: {string.Join(", ", RealWorldRunner.TaskNames)}");
        var method = MethodRegistry.Get(request.Method);
        var specs = TaskRegistry.Parameters.Concat(MethodRegistry.Common).Concat(method.Parameters)
            .ToDictionary(p => p.Key, StringComparer.Ordinal);
        var parameters = request.Parameters ?? new Dictionary<string, string>();
        foreach (var (key, _) in parameters)
            if (!specs.ContainsKey(key))
                throw new ArgumentException(
                    $"parameter '{key}' is not known to task '{request.Task}' or method '{request.Method}'; known: {string.Join(", ", specs.Keys.Order(StringComparer.Ordinal))}");
        foreach (var spec in specs.Values) spec.Read(parameters); // throws naming key and value
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
        var (metrics, retries) = TorchScalarRace.Run(() => RealWorldRunner.Handles(request.Task)
            ? RealWorldRunner.Run(request, checkpoints, progress, cancel)
            : CellTrainer.Run(request, checkpoints, progress, cancel), cancel);
        return WithRetries(metrics, retries);
    }

    /// <summary>Adds the metric <c>scalar_race_retries</c> when a cell needed a retry (<see cref="TorchScalarRace"/>).</summary>
    public static CellMetrics WithRetries(CellMetrics metrics, int retries) => retries == 0 ? metrics
        : metrics with { Extra = new Dictionary<string, double>(metrics.Extra) { ["scalar_race_retries"] = retries } };
}
