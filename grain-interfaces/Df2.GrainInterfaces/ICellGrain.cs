namespace Df2.GrainInterfaces;

/// <summary>
/// One cell (key = "{sweep id}|{cell key}"): the durable state machine Pending → Running(attempt, worker, epoch)
/// → Done(result) | Failed(reason), the last checkpoint's reference, and exactly one accepted completion.
/// Every report after <see cref="StartAsync"/> quotes the attempt; a stale attempt is refused.
/// </summary>
public interface ICellGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: the first call stores the description as Pending, later calls do nothing.</summary>
    Task InitAsync(string sweepId, CellDescription cell);

    /// <summary>
    /// Pending → Running with attempt + 1 on this worker; null when the cell is not pending. A cell still Running on
    /// this very worker (same silo) also starts again with attempt + 1: the worker only asks when idle, so that
    /// assignment was lost in flight (its reply died with the silo of the sweep grain). A cell without a grain yet is created
    /// by its first start when the sweep gives its id and description (as <see cref="InitAsync"/>, in the same state write).
    /// </summary>
    Task<CellAssignment?> StartAsync(string worker, string device, string silo, string? sweepId = null, CellDescription? description = null);

    /// <summary>
    /// An epoch finished (<paramref name="progress"/>) and/or its checkpoint is stored (<paramref name="checkpoint"/>).
    /// One call (one state write) per epoch. A delegated cell's report comes from its DroGrain when a step finished: no step
    /// is in flight after it. False: the attempt is no longer current (recovered, cancelled); the worker must stop.
    /// </summary>
    Task<bool> ReportEpochAsync(int attempt, EpochProgress? progress, CheckpointRef? checkpoint);

    Task<Ack> CompleteAsync(int attempt, string worker, CellResult result);

    /// <summary>Permanent failures (NaN loss, bad data) fail the cell; others return it to Pending until attempts run out.</summary>
    Task<Ack> FailAsync(int attempt, string worker, string reason, bool permanent);

    /// <summary>
    /// A pending cell that can never run (a dependency failed) fails with <paramref name="reason"/> without an attempt;
    /// false when the cell is not pending.
    /// </summary>
    Task<bool> FailUnstartedAsync(string reason);

    /// <summary>The worker gives the cell back (draining): Pending again, its checkpoint kept.</summary>
    Task<Ack> ReleaseAsync(int attempt, string worker, string reason);

    /// <summary>If the cell is running on <paramref name="deadSilo"/>, return it to Pending; true when it did.</summary>
    Task<bool> RecoverAsync(string deadSilo);

    /// <summary>Cancel the cell unless it has finished; <paramref name="reason"/> says who cancelled it.</summary>
    Task<bool> CancelAsync(string reason);

    /// <summary>
    /// A round-based cell handed to its DroGrain: Pending → Running (attempt + 1) without a worker; the DroGrain then
    /// dispatches its steps and reports for it. Returns the attempt (the current one when already delegated), or null
    /// when the cell is neither pending nor delegated (done, failed, cancelled).
    /// </summary>
    Task<int?> StartDelegatedAsync();

    /// <summary>Where the delegated cell's current step runs (all null: none in flight); false when the attempt is not current.</summary>
    Task<bool> DelegatedStepAsync(int attempt, string? worker, string? device, string? silo);

    Task<CellView> ViewAsync();
}
