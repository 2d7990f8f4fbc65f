using Df2.GrainInterfaces;
using Df2.Grains;

namespace Df2.Silo;

/// <summary>
/// The worker role: one per device slot. Leases a cell, runs it through a <see cref="CellGrain"/>,
/// repeats. On drain (SIGTERM / Ctrl-C) it stops leasing and the running grain checkpoints at the
/// epoch boundary and returns its lease. <paramref name="stopWhenIdle"/> (embedded runs) ends the loop
/// when no cell is available and the predicate says the sweep is over.
/// </summary>
public sealed class WorkerLoop(ICellScheduler scheduler, ICellExecutor executor, string name, string device,
    TimeSpan heartbeat, TimeSpan idlePoll, Func<bool>? stopWhenIdle = null, Action<CellView>? onProgress = null,
    Action<string>? log = null)
{
    public int Completed { get; private set; }

    public int Failed { get; private set; }

    public async Task RunAsync(CancellationToken drain)
    {
        var grain = new CellGrain(scheduler, executor, name, device, heartbeat, onProgress);
        while (!drain.IsCancellationRequested)
        {
            LeasedCell? cell;
            try { cell = await scheduler.LeaseAsync(new LeaseRequest(name, device), drain); }
            catch (OperationCanceledException) when (drain.IsCancellationRequested) { break; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                log?.Invoke($"{name}: API unreachable ({e.Message}); retrying");
                await Delay(idlePoll, drain);
                continue;
            }
            if (cell is null)
            {
                if (stopWhenIdle?.Invoke() == true) break;
                await Delay(idlePoll, drain);
                continue;
            }
            log?.Invoke($"{name}: leased {cell.Key} (attempt {cell.Attempt}{(cell.CheckpointEpoch is { } ce ? $", resuming after epoch {ce}" : "")})");
            CellOutcome outcome;
            try { outcome = await grain.RunAsync(cell, drain); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // API gone for longer than the retry budget: the lease will expire and the cell will be re-run elsewhere.
                log?.Invoke($"{name}: {cell.Key}: API unreachable ({e.Message}); abandoning the lease");
                continue;
            }
            if (outcome == CellOutcome.Completed) Completed++;
            if (outcome == CellOutcome.Failed) Failed++;
            log?.Invoke($"{name}: {cell.Key} → {outcome}");
        }
    }

    private static async Task Delay(TimeSpan t, CancellationToken c)
    {
        try { await Task.Delay(t, c); } catch (OperationCanceledException) { }
    }
}
