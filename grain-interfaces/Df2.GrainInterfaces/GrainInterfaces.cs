namespace Df2.GrainInterfaces;

/// <summary>
/// The scheduler a worker-side cell grain talks to. Two implementations share one store: in
/// process (embedded <c>df2 run</c>) and over HTTP with a bearer token (cluster worker, which
/// holds no database credentials). Every call after <see cref="LeaseAsync"/> quotes (cell, attempt).
/// </summary>
public interface ICellScheduler
{
    Task<LeasedCell?> LeaseAsync(LeaseRequest request, CancellationToken cancel);
    Task<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancel);
    Task<AckResponse> SaveCheckpointAsync(long cellId, int attempt, int epoch, byte[] state, CancellationToken cancel);
    Task<(int Epoch, byte[] State)?> LoadCheckpointAsync(long cellId, int attempt, CancellationToken cancel);
    Task<AckResponse> CompleteAsync(CompleteRequest request, CancellationToken cancel);
    Task<AckResponse> FailAsync(FailRequest request, CancellationToken cancel);
    Task<AckResponse> ReleaseAsync(ReleaseRequest request, CancellationToken cancel);
}

/// <summary>How a leased cell ended on this worker.</summary>
public enum CellOutcome { Completed, Failed, Released, LeaseLost }

/// <summary>
/// One cell's role (Orleans-style grain keyed by the cell): holds the lease, runs the method on its
/// task with epoch checkpoints, heartbeats, then completes or fails with a reason.
/// Single activation is guaranteed by the store lease, not by this object.
/// </summary>
public interface ICellGrain
{
    Task<CellOutcome> RunAsync(LeasedCell cell, CancellationToken drain);
}

/// <summary>Output formats of the sweep table.</summary>
public enum TableFormat { Markdown, Csv, Latex }

/// <summary>
/// Per sweep: summary statistics per task × method × variant (n, mean, std, SE, 95% CI, % vs the
/// best baseline, paired t-test vs DF2 across seeds) rendered in the paper's layout.
/// </summary>
public interface IAggregatorGrain
{
    string Render(IReadOnlyList<CellView> cells, TableFormat format);
}

/// <summary>
/// 3D-Learning's DRO loop as schedulable halves: round r = {adversary step, decision step}, each with
/// its own checkpoint so a crash resumes at the last finished half. Contract only — the learning core
/// has no 3D-Learning method yet, so no grain implements it in this release.
/// </summary>
public interface IDroCoordinator
{
    /// <summary>The next half to run, or null when all rounds are finished.</summary>
    (int Round, string Half)? NextStep(int finishedRounds, string? lastFinishedHalf, int totalRounds);
}
