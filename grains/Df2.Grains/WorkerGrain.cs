using Df2.Learning.Running;
using Df2.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace Df2.Grains;

/// <summary>
/// One device slot, activated on the silo that owns the device (<see cref="DeviceSlotPlacement"/>; its silo starts it). When idle it
/// looks for a pending cell in the active sweeps (in submission order) and hands it to a <see cref="CellRun"/> thread; the grain
/// itself only hands out, so it answers within a turn while the cell trains. A slot whose cell finished looks again at once; one
/// that found nothing waits in the cluster index (<see cref="IClusterIndexGrain.WaitForWorkAsync"/>) until a sweep reports a ready
/// cell and the index wakes it, and looks anyway every <see cref="WorkerSettings.BackstopMilliseconds"/> (the backstop: a lost
/// one-way wake or a restarted index never strands work). A unit of work may also be one step of a 3D-Learning run (handed out
/// by its DroGrain through the sweep).
/// </summary>
[DeviceSlotPlacement]
public sealed class WorkerGrain(ICellExecutor executor, ICheckpointStore checkpoints, ILogger<WorkerGrain> log) : Grain, IWorkerGrain
{
    /// <summary>Looks in a row when ready-cell signals keep arriving while the worker asks the sweeps; then it waits.</summary>
    private const int MaxLooks = 3;

    private WorkerSettings? _settings;
    private CellRun? _run;
    private bool _draining;
    private int _completed, _failed;
    private IGrainTimer? _timer, _retry;
    private DateTime _lastReport;
    private long _idleSince = System.Diagnostics.Stopwatch.GetTimestamp();
    private bool _waited;

    private string Name => this.GetPrimaryKeyString();

    private IClusterIndexGrain Index => GrainFactory.GetGrain<IClusterIndexGrain>(0);

    public Task StartAsync(WorkerSettings settings)
    {
        if (_settings is null) Df2Metrics.SlotStarted();
        _settings = settings;
        _draining = false;
        if (_timer is null)
            _timer = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(settings.BackstopMilliseconds)) { KeepAlive = true });
        else
            this.AsReference<IWorkerGrain>().WakeAsync().Ignore();   // started again (after a drain): look now, not at the next backstop
        Report(force: true);
        return Task.CompletedTask;
    }

    /// <summary>A worker slot going away while its silo runs is worth a line: nothing restarts its backstop timer.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        log.LogWarning("{Worker}: deactivated ({Reason}){Running}", Name, reason, _run is { Completion.IsCompleted: false } r ? $" while running {r.Assignment.Cell.Key}" : "");
        return Task.CompletedTask;
    }

    public Task DrainAsync()
    {
        _draining = true;
        _run?.Drain();
        Index.LeaveAsync(Name).Ignore();
        Report(force: true);
        return Task.CompletedTask;
    }

    public Task<WorkerView> ViewAsync() => Task.FromResult(View());

    public Task WakeAsync() => Tick(CancellationToken.None);

    private async Task Tick(CancellationToken cancel)
    {
        if (_run is { } r)
        {
            if (!r.Completion.IsCompleted) { Report(); return; }
            var outcome = await r.Completion;
            if (outcome == CellOutcome.Completed) _completed++;
            if (outcome == CellOutcome.Failed) _failed++;
            Df2Metrics.SlotBusy(false);
            log.LogInformation("{Worker}: {Cell} attempt {Attempt} → {Outcome}", Name, r.Assignment.Cell.Key, r.Assignment.Attempt, outcome);
            _run = null;
            (_idleSince, _waited) = (r.FinishedAt, false);
            Report(force: true);
        }
        if (_draining || _settings is not { } s) return;
        try { await Look(s); }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // the index's or a sweep's silo died during the call (an assignment it made is restarted: CellGrain.StartAsync): look again in a second
            log.LogWarning("{Worker}: looking for work failed ({Error}); looking again in 1 s", Name, e.Message);
            _retry?.Dispose();
            _retry = this.RegisterGrainTimer(_ =>
            {
                _retry?.Dispose();
                _retry = null;
                return Tick(CancellationToken.None);
            }, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>Ask the active sweeps for a cell (in submission order); start the first one given, else wait in the index.</summary>
    private async Task Look(WorkerSettings s)
    {
        for (var look = 1; ; look++)
        {
            var found = await Index.LookForWorkAsync(Name);
            foreach (var sweep in s.OnlySweep is { } only ? [only] : found.Sweeps)
            {
                var assignment = await GrainFactory.GetGrain<ISweepGrain>(sweep).NextCellAsync(Name, s.Device, s.Silo);
                if (assignment is null) continue;
                Df2Metrics.HandedOut(System.Diagnostics.Stopwatch.GetElapsedTime(_idleSince).TotalSeconds, _waited);
                Df2Metrics.SlotBusy(true);
                var wake = this.AsReference<IWorkerGrain>();
                _run = new CellRun(assignment, Name, s.Device, executor, checkpoints, GrainFactory, log, () => wake.WakeAsync().Ignore());
                _run.Start();
                log.LogInformation("{Worker}: {Cell}{Step} attempt {Attempt}{Resume}", Name, assignment.Cell.Key,
                    assignment.Step is { } step ? $" ({step.Half}, round {step.Round})" : "", assignment.Attempt,
                    assignment.Checkpoint is { } cp ? $", resuming after {(assignment.Step is null ? "epoch" : "half")} {cp.Epoch}" : "");
                Report(force: true);
                return;
            }
            _waited = true;
            if (!await Index.WaitForWorkAsync(Name, s.Silo, s.OnlySweep, found.Signals) || look == MaxLooks) break;
        }
        Report();
    }

    private WorkerView View() => new(Name, _settings?.Device ?? "", _settings?.Silo ?? "",
        _run is { Completion.IsCompleted: false } r ? r.Assignment.Cell.Key : null, _completed, _failed, _draining, DateTimeOffset.UtcNow);

    private void Report(bool force = false)
    {
        if (!force && DateTime.UtcNow - _lastReport < TimeSpan.FromSeconds(2)) return;
        _lastReport = DateTime.UtcNow;
        Index.WorkerSeenAsync(View()).Ignore();
    }
}
