using System.Globalization;
using Df2.GrainInterfaces;
using Df2.Silo;
using Spectre.Console;

namespace Df2.Client;

/// <summary>
/// Terminal progress of an embedded run: an overall bar plus one bar per running cell (epoch, loss,
/// ETA) with Spectre.Console when stdout is an interactive terminal; otherwise (CI, pipes) a plain
/// status line every few seconds.
/// </summary>
public static class RunProgressView
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static async Task<EmbeddedRunResult> RunAsync(EmbeddedRun run, PreparedSweep sweep, CancellationToken cancel)
    {
        if (!Interactive) return await Plain(run, sweep, cancel);
        EmbeddedRunResult? result = null;
        await AnsiConsole.Progress().AutoClear(false).HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var overall = ctx.AddTask("overall", maxValue: sweep.Cells.Count);
                var bars = new Dictionary<long, ProgressTask>();
                var task = run.RunAsync(sweep, null, cancel);
                while (true)
                {
                    var finished = task.IsCompleted;
                    if (run.Store is { } store)
                    {
                        var cells = store.Cells(sweep.SweepId);
                        overall.Value = cells.Count(c => c.State is "done" or "failed" or "cancelled");
                        overall.Description = $"overall {overall.Value}/{cells.Count} · failed {cells.Count(c => c.State == "failed")} · ETA {Eta(cells, run)}";
                        var running = cells.Where(c => c.State is "running" or "leased").Select(c => c.CellId).ToHashSet();
                        foreach (var (id, bar) in bars.Where(b => !running.Contains(b.Key)).ToList())
                        {
                            bar.Value = bar.MaxValue;
                            bar.StopTask();
                            bars.Remove(id);
                        }
                        foreach (var id in running)
                        {
                            var cell = run.Live.TryGetValue(id, out var live) ? live : cells.First(c => c.CellId == id);
                            if (!bars.TryGetValue(id, out var bar)) bars[id] = bar = ctx.AddTask(Markup.Escape(cell.Key), maxValue: 1);
                            bar.MaxValue = Math.Max(1, cell.TotalEpochs ?? 1);
                            bar.Value = cell.Epoch ?? 0;
                            bar.Description = Markup.Escape(Describe(cell));
                        }
                    }
                    if (finished) break;
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
            if (task.IsCompleted || run.Store is not { } store) break;
            var cells = store.Cells(sweep.SweepId);
            var running = cells.Where(c => c.State is "running" or "leased")
                .Select(c => run.Live.TryGetValue(c.CellId, out var l) ? l : c).Select(Describe);
            Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {cells.Count(c => c.State is "done" or "failed")}/{cells.Count} finished, " +
                              $"{cells.Count(c => c.State == "failed")} failed, ETA {Eta(cells, run)}; running: {string.Join("; ", running)}");
        }
        return await task;
    }

    /// <summary>"key e3/5 loss 0.123 ETA 4s" — ETA = remaining epochs × last epoch time.</summary>
    private static string Describe(CellView c)
    {
        var loss = c.Loss is { } l ? l.ToString("G4", CultureInfo.InvariantCulture) : "–";
        var eta = c is { Epoch: { } e, TotalEpochs: { } t, EpochSeconds: { } s } ? $" ETA {Seconds((t - e) * s)}" : "";
        return $"{c.Key} epoch {c.Epoch ?? 0}/{c.TotalEpochs?.ToString() ?? "?"} loss {loss}{eta}";
    }

    /// <summary>Overall ETA = unfinished cells × mean wall time of cells finished so far ÷ workers.</summary>
    private static string Eta(IReadOnlyList<CellView> cells, EmbeddedRun run)
    {
        var times = cells.Where(c => c is { State: "done", StartedAt: not null, FinishedAt: not null })
            .Select(c => (c.FinishedAt!.Value - c.StartedAt!.Value).TotalSeconds).ToList();
        var left = cells.Count(c => c.State is "pending" or "running" or "leased");
        if (times.Count == 0) return left == 0 ? "0s" : "?";
        return Seconds(left * times.Average() / Math.Max(1, run.Workers));
    }

    private static string Seconds(double s) => s < 90 ? $"{s:0}s" : s < 5400 ? $"{s / 60:0.0}m" : $"{s / 3600:0.0}h";
}
