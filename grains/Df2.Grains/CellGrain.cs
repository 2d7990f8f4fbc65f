using Df2.GrainInterfaces;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// Runs one leased cell: loads its last checkpoint, runs the executor with a checkpoint per epoch,
/// heartbeats every <paramref name="heartbeat"/> (carrying epoch/loss), then completes, fails with
/// the reason (permanent for <see cref="CellFailedException"/> / bad parameters, retryable otherwise),
/// releases the lease when draining, or stops when the store says the lease is gone.
/// </summary>
public sealed class CellGrain(ICellScheduler scheduler, ICellExecutor executor, string worker, string device,
    TimeSpan heartbeat, Action<CellView>? onProgress = null) : ICellGrain
{
    public async Task<CellOutcome> RunAsync(LeasedCell cell, CancellationToken drain)
    {
        using var leaseLost = new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(drain, leaseLost.Token);
        var initial = cell.CheckpointEpoch is null ? null : await TransientRetry.Run(() => scheduler.LoadCheckpointAsync(cell.CellId, cell.Attempt, CancellationToken.None));
        var sink = new SchedulerCheckpointSink(scheduler, cell, initial, leaseLost);
        EpochReport? last = null;
        var request = new CellRequest(cell.Task, cell.Method, cell.Parameters, cell.Seed, cell.DataSeed, device);
        using var stopBeat = new CancellationTokenSource();
        var beats = HeartbeatLoop(cell, () => last, leaseLost, stopBeat.Token);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var metrics = await Task.Run(() => executor.Run(request, sink, r =>
            {
                last = r;
                onProgress?.Invoke(Progress(cell, r));
            }, run.Token), CancellationToken.None);
            var executorSeconds = clock.Elapsed.TotalSeconds;
            stopBeat.Cancel();
            await beats;
            var result = new CellResult(metrics.Regret, metrics.LowerBound, metrics.Gap, metrics.Epochs, metrics.TrainSeconds,
                metrics.Extra.Where(kv => double.IsFinite(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value));
            // wall time inside the executor on this attempt (the rest of lease → complete is scheduling overhead)
            result.Extra["executor_seconds"] = executorSeconds;
            var ack = await TransientRetry.Run(() => scheduler.CompleteAsync(new CompleteRequest(cell.CellId, cell.Attempt, worker, result), CancellationToken.None));
            return ack.Accepted ? CellOutcome.Completed : CellOutcome.LeaseLost;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.InnerException is OperationCanceledException))
        {
            stopBeat.Cancel();
            await beats;
            if (leaseLost.IsCancellationRequested) return CellOutcome.LeaseLost;
            await TransientRetry.Run(() => scheduler.ReleaseAsync(new ReleaseRequest(cell.CellId, cell.Attempt, worker), CancellationToken.None));
            return CellOutcome.Released;
        }
        catch (Exception e)
        {
            stopBeat.Cancel();
            await beats;
            // bad parameters, NaN losses and missing / malformed data files do not heal on a retry
            var permanent = e is CellFailedException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException;
            var reason = e is CellFailedException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            await TransientRetry.Run(() => scheduler.FailAsync(new FailRequest(cell.CellId, cell.Attempt, worker, reason, permanent), CancellationToken.None));
            return CellOutcome.Failed;
        }
    }

    private async Task HeartbeatLoop(LeasedCell cell, Func<EpochReport?> last, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(heartbeat, stop); }
            catch (OperationCanceledException) { return; }
            var r = last();
            try
            {
                var ok = await scheduler.HeartbeatAsync(new HeartbeatRequest(cell.CellId, cell.Attempt, worker,
                    r?.Epoch, r?.TotalEpochs, r?.Loss, r?.EpochSeconds), stop);
                if (!ok.Ok) { leaseLost.Cancel(); return; }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { /* API briefly unreachable: keep beating */ }
        }
    }

    private CellView Progress(LeasedCell c, EpochReport r) => new(c.CellId, c.SweepId, c.Key, c.Task, c.Method, c.Variant,
        c.Seed, c.DataSeed, "running", c.Attempt, 0, worker, device, r.Epoch, r.TotalEpochs, r.Loss, r.EpochSeconds,
        null, null, r.Epoch, null, null, null);
}
