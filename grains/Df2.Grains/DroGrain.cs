using Df2.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Df2.Grains;

/// <summary>
/// One 3D-Learning run (key = its cell grain's key). Design: the sweep grain, when a worker asks for work, asks the
/// DroGrain of a round-based cell for the run's next step instead of starting the cell on that worker; the cell grain
/// is delegated (<see cref="ICellGrain.StartDelegatedAsync"/>) and stays the run's public face (status, progress, the
/// result), while this grain owns the run: it hands out one step at a time (adversary half, decision half, …, then the
/// evaluation), each to whichever worker asks, with the last half's checkpoint reference; the worker stores the new
/// checkpoint (the checkpoint store: folder or blob, never grain state) and reports it; only then does the run move
/// on, so a lost step costs one half. Durable progress (finished halves, checkpoint reference, the step in flight with
/// its attempt and silo) is MessagePack grain state, written before each answer.
/// Recovery uses Orleans' membership: a step in flight on a silo the membership table declares gone is handed out
/// again from the same checkpoint — when a worker asks (<see cref="NextStepAsync"/>), when the sweep's watch sees the
/// silo gone (<see cref="RecoverAsync"/>), or on this grain's reminder. Every half is seeded by (seed, round, half), so
/// the resumed run ends with the same result as an uninterrupted one. Calls go sweep → DroGrain → cell grain, never
/// back (the cell's notifications to the sweep are one-way), so no turn waits on a cycle; no turn blocks.
/// Dependencies (the pre-trained DDPM, the DFL predictor) are the sweep grain's business: it asks this grain for a first
/// step only once the cell's dependency cells are done, and adds their artifacts to every step it hands out.
/// </summary>
public sealed class DroGrain(
    [PersistentState(StorageNames.Dro, StorageNames.Store)] IPersistentState<DroGrainState> state,
    IClusterMembershipService membership,
    ILogger<DroGrain> log) : Grain, IDroGrain, IRemindable
{
    private const string WatchReminder = "dro-watch";

    private DroGrainState S => state.State;

    private ICellGrain Cell => GrainFactory.GetGrain<ICellGrain>(this.GetPrimaryKeyString());

    public async Task<CellAssignment?> NextStepAsync(string worker, string device, string silo)
    {
        if (S.Cell is null && !await Start()) return null;
        if (S.Status != CellStatus.Running) return null;
        if (S.Running is not null)
        {
            if (!SiloLiveness.IsGone(membership, S.Silo)) return null;
            await Redispatch($"silo {S.Silo} is gone (step {Describe(S.Running)}, attempt {S.Attempt} on {S.Worker})");
        }
        var step = DroSteps.After(S.FinishedHalves, S.TotalHalves);
        S.Attempt++;
        S.Dispatches++;
        (S.Running, S.Worker, S.Silo) = (step, worker, silo);
        await state.WriteStateAsync();
        if (!await Cell.DelegatedStepAsync(S.CellAttempt, worker, device, silo))
        {
            await Stop(CellStatus.Cancelled, "the cell is no longer running");
            return null;
        }
        await this.RegisterOrUpdateReminder(WatchReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        log.LogInformation("{Run}: {Step} attempt {Attempt} → {Worker}", this.GetPrimaryKeyString(), Describe(step), S.Attempt, worker);
        return new CellAssignment(S.SweepId, S.Cell!, S.Attempt, S.Checkpoint, step);
    }

    public async Task<Ack> StepFinishedAsync(int attempt, string worker, DroStepReport report)
    {
        if (!Current(attempt) || report.Step != S.Running || report.Step.Half == DroStep.Evaluate)
            return new Ack(false, Message: $"step {Describe(report.Step)} attempt {attempt} is not the step in flight");
        var finished = DroSteps.FinishedBefore(report.Step) + 1;
        if (report.Checkpoint.Epoch != finished)
            return new Ack(false, Message: $"checkpoint of {report.Checkpoint.Epoch} halves after {Describe(report.Step)}, expected {finished}");
        (S.FinishedHalves, S.Checkpoint, S.Alpha) = (finished, report.Checkpoint, report.Alpha);
        (S.Running, S.Worker, S.Silo) = (null, null, null);
        foreach (var (k, v) in report.Seconds) S.Seconds[k] = S.Seconds.GetValueOrDefault(k) + v;
        await state.WriteStateAsync();
        var progress = report.Step.Half == DroStep.Decision
            ? new EpochProgress(report.Step.Round + 1, S.TotalHalves / 2, report.Alpha, report.Seconds.GetValueOrDefault("seconds_decision"))
            : null;
        if (!await Cell.ReportEpochAsync(S.CellAttempt, progress, report.Checkpoint))   // also: no step in flight
            await Stop(CellStatus.Cancelled, "the cell is no longer running");
        return new Ack(true);
    }

    public async Task<Ack> CompleteAsync(int attempt, string worker, CellResult result)
    {
        if (S.Status == CellStatus.Done) return attempt == S.Attempt ? new Ack(true, Duplicate: true) : new Ack(false, Message: "the run is already done");
        if (!Current(attempt) || S.Running?.Half != DroStep.Evaluate) return new Ack(false, Message: $"attempt {attempt} is not the evaluation in flight");
        var extra = new Dictionary<string, double>(result.Extra, StringComparer.Ordinal);
        foreach (var (k, v) in S.Seconds) extra[k] = v;
        extra["dro_dispatches"] = S.Dispatches;
        extra["dro_redispatches"] = S.Redispatches;
        var full = result with { TrainSeconds = result.TrainSeconds + S.Seconds.Values.Sum(), Extra = extra };
        var ack = await Cell.CompleteAsync(S.CellAttempt, worker, full);
        if (!ack.Accepted) return ack;
        S.Status = CellStatus.Done;
        (S.Running, S.Worker, S.Silo, S.Reason) = (null, null, null, null);
        await state.WriteStateAsync();
        await Unwatch();
        return ack;
    }

    public async Task<Ack> FailAsync(int attempt, string worker, string reason, bool permanent)
    {
        if (!Current(attempt)) return new Ack(false, Message: $"attempt {attempt} is not current");
        var what = $"3D-L {Describe(S.Running!)}: {reason}";
        S.Failures++;
        if (!permanent && S.Failures < CellGrain.MaxFailures)
        {
            await Redispatch(what);
            return new Ack(true);
        }
        await Stop(CellStatus.Failed, what);
        await Cell.FailAsync(S.CellAttempt, worker, what, permanent: true);
        return new Ack(true);
    }

    public async Task<Ack> ReleaseAsync(int attempt, string worker, string reason)
    {
        if (!Current(attempt)) return new Ack(false, Message: $"attempt {attempt} is not current");
        await Redispatch(reason);
        return new Ack(true);
    }

    public async Task<bool> RecoverAsync(string deadSilo)
    {
        if (S.Status != CellStatus.Running || S.Running is null || S.Silo != deadSilo) return false;
        await Redispatch($"silo {deadSilo} is gone (step {Describe(S.Running)}, attempt {S.Attempt} on {S.Worker})");
        return true;
    }

    public Task<DroView> ViewAsync() => Task.FromResult(new DroView(this.GetPrimaryKeyString(), S.Status, S.FinishedHalves, S.TotalHalves,
        S.Running, S.Attempt, S.Worker, S.Silo, S.Checkpoint, S.Dispatches, S.Redispatches, S.Reason));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Status != CellStatus.Running) { await Unwatch(); return; }
        if (S.Running is not null && SiloLiveness.IsGone(membership, S.Silo)) await RecoverAsync(S.Silo!);
    }

    /// <summary>First contact: take the run over from its cell grain (delegated, attempt kept) and size it.</summary>
    private async Task<bool> Start()
    {
        var view = await Cell.ViewAsync();
        if (view.SweepId.Length == 0) return false;
        if (await Cell.StartDelegatedAsync() is not { } attempt) return false;
        (S.SweepId, S.Cell, S.CellAttempt, S.Status) = (view.SweepId, view.Cell, attempt, CellStatus.Running);
        S.TotalHalves = DroSteps.Halves(view.Cell);
        await state.WriteStateAsync();
        return true;
    }

    private bool Current(int attempt) => S.Status == CellStatus.Running && S.Running is not null && S.Attempt == attempt;

    /// <summary>The step in flight is handed out again (same step, same checkpoint, attempt + 1 when it is).</summary>
    private async Task Redispatch(string reason)
    {
        log.LogWarning("{Run}: {Reason}; the step runs again from {From}", this.GetPrimaryKeyString(), reason,
            S.Checkpoint is { } c ? $"the checkpoint after half {c.Epoch}" : "the start");
        S.Redispatches++;
        S.Reason = reason;
        (S.Running, S.Worker, S.Silo) = (null, null, null);
        await state.WriteStateAsync();
        await Cell.DelegatedStepAsync(S.CellAttempt, null, null, null);
    }

    private async Task Stop(CellStatus status, string reason)
    {
        (S.Status, S.Reason) = (status, reason);
        (S.Running, S.Worker, S.Silo) = (null, null, null);
        await state.WriteStateAsync();
        await Unwatch();
    }

    private async Task Unwatch()
    {
        if (await this.GetReminder(WatchReminder) is { } r) await this.UnregisterReminder(r);
    }

    private static string Describe(DroStep step) => step.Half == DroStep.Evaluate ? "evaluation" : $"round {step.Round} {step.Half} half";
}
