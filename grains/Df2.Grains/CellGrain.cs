using Df2.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Df2.Grains;

/// <summary>
/// The durable state machine of one cell. Every report quotes the attempt, so a worker whose attempt was
/// recovered or cancelled is refused and stops; completion is accepted once. While Running, a reminder asks
/// the membership table whether the worker's silo is gone and, if so, returns the cell to Pending (the
/// sweep grain does the same within seconds; the reminder covers a sweep grain that is not active).
/// </summary>
public sealed class CellGrain(
    [PersistentState(StorageNames.Cell, StorageNames.Store)] IPersistentState<CellGrainState> state,
    IClusterMembershipService membership,
    ILogger<CellGrain> log) : Grain, ICellGrain, IRemindable
{
    /// <summary>Retryable failures before the cell fails for good.</summary>
    public const int MaxFailures = 3;

    private const string WatchReminder = "silo-watch";

    private CellGrainState S => state.State;

    /// <summary>The one place a cell changes state (counted in <see cref="Df2Metrics"/>).</summary>
    private void Move(CellStatus? from, CellStatus to)
    {
        Df2Metrics.CellMoved(from?.ToString().ToLowerInvariant(), to.ToString().ToLowerInvariant());
        S.Status = to;
    }

    public async Task InitAsync(string sweepId, CellDescription cell)
    {
        if (S.Cell is not null) return;
        S.SweepId = sweepId;
        S.Cell = cell;
        Move(null, CellStatus.Pending);
        await state.WriteStateAsync();
    }

    public async Task<CellAssignment?> StartAsync(string worker, string device, string silo, string? sweepId = null, CellDescription? description = null)
    {
        if (S.Cell is null && sweepId is not null && description is not null)
        {
            (S.SweepId, S.Cell) = (sweepId, description);   // created by its first start: written below with the start
            Move(null, CellStatus.Pending);
        }
        var lost = S.Status == CellStatus.Running && S.Worker == worker && S.Silo == silo;
        if (S.Cell is not { } cell || (S.Status != CellStatus.Pending && !lost)) return null;
        if (lost)
        {
            S.Recoveries++;
            S.Reason = $"attempt {S.Attempt} never reached {worker} (its reply was lost); resuming from " +
                       (S.Checkpoint is { } c ? $"the epoch-{c.Epoch} checkpoint" : "the start");
            log.LogWarning("{Cell}: {Reason}", cell.Key, S.Reason);
        }
        S.Attempt++;
        Move(S.Status, CellStatus.Running);
        (S.Worker, S.Device, S.Silo) = (worker, device, silo);
        S.StartedAt ??= DateTimeOffset.UtcNow;
        var resumeEpoch = S.Checkpoint?.Epoch ?? 0;
        if (S.Losses.Count > resumeEpoch) S.Losses.RemoveRange(resumeEpoch, S.Losses.Count - resumeEpoch);
        // a resumed cell shows the epoch and loss it resumes from (also when only its evaluation is left)
        S.Progress = resumeEpoch > 0 && S.Progress is { } last
            ? last with { Epoch = resumeEpoch, Loss = S.Losses.Count >= resumeEpoch ? S.Losses[resumeEpoch - 1] : double.NaN }
            : null;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(WatchReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        Notify();
        return new CellAssignment(S.SweepId, cell, S.Attempt, S.Checkpoint);
    }

    public async Task<bool> ReportEpochAsync(int attempt, EpochProgress? progress, CheckpointRef? checkpoint)
    {
        if (!Current(attempt)) return false;
        if (S.Delegated) (S.Worker, S.Device, S.Silo) = (null, null, null);   // its DroGrain reports a finished step: none is in flight
        if (checkpoint is not null) S.Checkpoint = checkpoint;
        if (progress is not null)
        {
            S.Progress = progress;
            while (S.Losses.Count < progress.Epoch) S.Losses.Add(double.NaN);
            S.Losses[progress.Epoch - 1] = progress.Loss;
        }
        await state.WriteStateAsync();
        Notify();
        return true;
    }

    public async Task<Ack> CompleteAsync(int attempt, string worker, CellResult result)
    {
        if (S.Status == CellStatus.Done)
        {
            S.DuplicateCompletions++;
            await state.WriteStateAsync();
            var same = S.Attempt == attempt && S.Worker == worker;
            log.LogWarning("{Cell}: completion of attempt {Attempt} by {Worker} after the cell was done ({Kind})", S.Cell?.Key, attempt, worker, same ? "repeat" : "refused");
            return same ? new Ack(true, Duplicate: true) : new Ack(false, Message: "the cell is already done");
        }
        if (!Current(attempt)) return new Ack(false, Message: $"attempt {attempt} is not current (cell {S.Status}, attempt {S.Attempt})");
        Move(S.Status, CellStatus.Done);
        S.Result = result;
        S.Reason = null;
        S.FinishedAt = DateTimeOffset.UtcNow;
        S.Completions++;
        await state.WriteStateAsync();
        await Unwatch();
        Notify();
        return new Ack(true);
    }

    public async Task<Ack> FailAsync(int attempt, string worker, string reason, bool permanent)
    {
        if (!Current(attempt)) return new Ack(false, Message: $"attempt {attempt} is not current");
        S.Failures++;
        S.Reason = reason;
        if (permanent || S.Failures >= MaxFailures)
        {
            Move(S.Status, CellStatus.Failed);
            S.FinishedAt = DateTimeOffset.UtcNow;
        }
        else
        {
            Move(S.Status, CellStatus.Pending);
        }
        await state.WriteStateAsync();
        if (S.Status == CellStatus.Failed) await Unwatch();
        Notify();
        return new Ack(true);
    }

    public async Task<bool> FailUnstartedAsync(string reason)
    {
        if (S.Cell is null || S.Status != CellStatus.Pending) return false;
        Move(S.Status, CellStatus.Failed);
        S.Reason = reason;
        S.FinishedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        await Unwatch();
        Notify();
        return true;
    }

    public async Task<Ack> ReleaseAsync(int attempt, string worker, string reason)
    {
        if (!Current(attempt)) return new Ack(false, Message: $"attempt {attempt} is not current");
        Move(S.Status, CellStatus.Pending);
        S.Reason = reason;
        await state.WriteStateAsync();
        Notify();
        return new Ack(true);
    }

    public async Task<bool> RecoverAsync(string deadSilo)
    {
        if (S.Status != CellStatus.Running || S.Silo != deadSilo || S.Delegated) return false;
        Move(S.Status, CellStatus.Pending);
        S.Recoveries++;
        S.Reason = $"silo {deadSilo} is gone (attempt {S.Attempt} on {S.Worker}); resuming from " +
                   (S.Checkpoint is { } c ? $"the epoch-{c.Epoch} checkpoint" : "the start");
        log.LogWarning("{Cell}: {Reason}", S.Cell?.Key, S.Reason);
        await state.WriteStateAsync();
        Notify();
        return true;
    }

    public async Task<bool> CancelAsync(string reason)
    {
        if (S.Cell is null || S.Status is CellStatus.Done or CellStatus.Failed or CellStatus.Cancelled) return false;
        Move(S.Status, CellStatus.Cancelled);
        S.Reason = reason;
        S.FinishedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        await Unwatch();
        Notify();
        return true;
    }

    public Task<CellView> ViewAsync() => Task.FromResult(View());

    public async Task<int?> StartDelegatedAsync()
    {
        if (S.Cell is null) return null;
        if (S.Status == CellStatus.Running && S.Delegated) return S.Attempt;
        if (S.Status != CellStatus.Pending) return null;
        S.Attempt++;
        Move(S.Status, CellStatus.Running);
        S.Delegated = true;
        (S.Worker, S.Device, S.Silo) = (null, null, null);
        S.StartedAt ??= DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        Notify();
        return S.Attempt;
    }

    public async Task<bool> DelegatedStepAsync(int attempt, string? worker, string? device, string? silo)
    {
        if (!Current(attempt) || !S.Delegated) return false;
        (S.Worker, S.Device, S.Silo) = (worker, device, silo);
        await state.WriteStateAsync();
        Notify();
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Status != CellStatus.Running)
        {
            if (S.Status != CellStatus.Pending) await Unwatch();
            return;
        }
        if (SiloLiveness.IsGone(membership, S.Silo)) await RecoverAsync(S.Silo!);
    }

    private bool Current(int attempt) => S.Status == CellStatus.Running && S.Attempt == attempt;

    private async Task Unwatch()
    {
        if (await this.GetReminder(WatchReminder) is { } r) await this.UnregisterReminder(r);
    }

    private CellView View() => new(S.SweepId, S.Cell ?? new CellDescription(this.GetPrimaryKeyString(), "", "", "", [], 0, 0),
        S.Status, S.Attempt, S.Worker, S.Device, S.Silo, S.Progress, S.Reason, S.Result, S.Checkpoint, S.StartedAt, S.FinishedAt,
        [.. S.Losses], S.Completions, S.DuplicateCompletions);

    private void Notify()
    {
        if (S.SweepId.Length > 0) GrainFactory.GetGrain<ISweepGrain>(S.SweepId).CellChangedAsync(View()).Ignore();
    }
}
