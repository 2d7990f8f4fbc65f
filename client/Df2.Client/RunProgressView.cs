using Df2.GrainInterfaces;
using Df2.Silo.Core;
using Df2.Specs;

namespace Df2.Client;

/// <summary>
/// Terminal progress of an embedded run: <see cref="ProgressBars"/> when stdout is an interactive terminal;
/// otherwise (CI, pipes) a plain status line every few seconds.
/// </summary>
public static class RunProgressView
{
    public static async Task<EmbeddedRunResult> RunAsync(EmbeddedRun run, PreparedSweep sweep, CancellationToken cancel)
    {
        if (!ProgressBars.Interactive) return await Plain(run, sweep, cancel);
        EmbeddedRunResult? result = null;
        await ProgressBars.Create().StartAsync(async ctx =>
        {
            var bars = new ProgressBars(ctx, sweep.Cells.Count, "overall");
            var task = run.RunAsync(sweep, null, cancel);
            while (!task.IsCompleted)
            {
                if (run.Sweep is { } grain)
                {
                    try { if (await SweepProgress.ReadAsync(grain) is { } progress) bars.Update(progress, run.Workers); }
                    catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException) { /* silo stopping */ }
                }
                await Task.WhenAny(task, Task.Delay(300, CancellationToken.None));
            }
            result = await task;
        });
        return result!;
    }

    private static async Task<EmbeddedRunResult> Plain(EmbeddedRun run, PreparedSweep sweep, CancellationToken cancel)
    {
        var task = run.RunAsync(sweep, m => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {m}"), cancel);
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(5000, CancellationToken.None));
            if (task.IsCompleted || run.Sweep is not { } grain) continue;
            SweepProgress? progress;
            try { progress = await SweepProgress.ReadAsync(grain); }
            catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException) { continue; }
            if (progress is null) continue;
            var running = progress.Running.Select(CellText.Describe);
            Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {progress.Status.Finished}/{progress.Status.Total} finished, " +
                              $"{progress.Failed} failed, ETA {progress.Eta(run.Workers)}; running: {string.Join("; ", running)}");
        }
        return await task;
    }
}
