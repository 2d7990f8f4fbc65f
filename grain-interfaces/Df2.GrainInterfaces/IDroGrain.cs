namespace Df2.GrainInterfaces;

/// <summary>
/// 3D-Learning's DRO loop, one grain per run (key = the cell grain's key, "{sweep id}|{cell key}"): rounds of
/// {adversary half, decision half}, then the evaluation, each a unit of work that one worker runs from the last
/// checkpoint. At most one step is in flight; every report quotes the step's attempt, a stale one is refused.
/// The cell grain stays the run's public face (status, results); the sweep grain asks this grain for the run's
/// next step instead of starting the cell on one worker.
/// </summary>
public interface IDroGrain : IGrainWithStringKey
{
    /// <summary>The next step for this worker (attempt + 1), or null when a step is in flight on a live silo or the run is over.</summary>
    Task<CellAssignment?> NextStepAsync(string worker, string device, string silo);

    /// <summary>A half finished and its checkpoint is stored: the run moves on by one half.</summary>
    Task<Ack> StepFinishedAsync(int attempt, string worker, DroStepReport report);

    /// <summary>The evaluation step finished: the cell is done with <paramref name="result"/> (the halves' timings added).</summary>
    Task<Ack> CompleteAsync(int attempt, string worker, CellResult result);

    /// <summary>A step failed: permanent failures (and the third retryable one) fail the cell with the reason; others run the step again.</summary>
    Task<Ack> FailAsync(int attempt, string worker, string reason, bool permanent);

    /// <summary>The worker gives the step back (draining): it is handed out again from the same checkpoint.</summary>
    Task<Ack> ReleaseAsync(int attempt, string worker, string reason);

    /// <summary>If the step in flight runs on <paramref name="deadSilo"/>, hand it out again; true when it did.</summary>
    Task<bool> RecoverAsync(string deadSilo);

    Task<DroView> ViewAsync();
}
