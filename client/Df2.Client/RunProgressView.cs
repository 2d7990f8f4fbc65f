using Df2.GrainInterfaces;
using Df2.Silo;
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
                    try { bars.Update(await grain.AllCellsAsync(refresh: false), run.Workers); }
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
            IReadOnlyList<CellView> cells;
            try { cells = await grain.AllCellsAsync(refresh: false); }
            catch (Exception e) when (e is OrleansException or TimeoutException or ObjectDisposedException) { continue; }
            var running = cells.Where(c => c.Status == CellStatus.Running).Select(CellText.Describe);
            Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {cells.Count(c => c.Finished)}/{cells.Count} finished, " +
                              $"{cells.Count(c => c.Status == CellStatus.Failed)} failed, ETA {CellText.Eta(cells, run.Workers)}; running: {string.Join("; ", running)}");
        }
        return await task;
    }
}
