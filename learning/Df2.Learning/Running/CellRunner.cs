namespace Df2.Learning.Running;

/// <summary>
/// Entry point the grains call: validate a cell's request before a sweep is accepted, and run
/// one cell to completion (resuming from the sink's checkpoint when there is one).
/// PLACEHOLDER SIGNATURES — the learning core replaces the bodies; do not change the signatures.
/// </summary>
public static class CellRunner
{
    /// <summary>Names of every registered task, e.g. "synthetic-convex".</summary>
    public static IReadOnlyList<string> TaskNames => throw new NotImplementedException();

    /// <summary>Names of every registered method, e.g. "df2", "two-stage-gmm".</summary>
    public static IReadOnlyList<string> MethodNames => throw new NotImplementedException();

    /// <summary>Throws <see cref="ArgumentException"/> naming the task, method or parameter key/value that is wrong.</summary>
    public static void Validate(CellRequest request) => throw new NotImplementedException();

    /// <summary>Train and evaluate one cell. Throws <see cref="CellFailedException"/> with a reason on NaN loss etc.</summary>
    public static CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
        => throw new NotImplementedException();
}
