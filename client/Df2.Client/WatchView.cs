using System.Globalization;
using Df2.Silo;
using Spectre.Console;

namespace Df2.Client;

/// <summary><c>df2 watch</c>: progress bars (overall + running cells) polled from the API until the sweep finishes; plain lines when not a TTY.</summary>
public static class WatchView
{
    public static async Task<int> RunAsync(ApiClient api, string sweepId, CancellationToken cancel)
    {
        var cells = await api.CellsAsync(sweepId, cancel);
        if (cells.Count == 0) throw new ApiException(System.Net.HttpStatusCode.NotFound, $"no sweep '{sweepId}'");
        static bool Over(IReadOnlyList<Df2.GrainInterfaces.CellView> cs) => cs.All(c => c.State is "done" or "failed" or "cancelled");
        if (!RunProgressView.Interactive)
        {
            while (!cancel.IsCancellationRequested)
            {
                cells = await api.CellsAsync(sweepId, cancel);
                Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {cells.Count(c => c.State == "done")} done, {cells.Count(c => c.State == "failed")} failed, " +
                                  $"{cells.Count(c => c.State is "running" or "leased")} running, {cells.Count(c => c.State == "pending")} pending");
                if (Over(cells)) break;
                await Task.Delay(3000, cancel);
            }
            return cells.Any(c => c.State == "failed") ? 1 : 0;
        }
        await AnsiConsole.Progress().AutoClear(false).HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var overall = ctx.AddTask("overall", maxValue: cells.Count);
                var bars = new Dictionary<long, ProgressTask>();
                while (!cancel.IsCancellationRequested)
                {
                    cells = await api.CellsAsync(sweepId, cancel);
                    overall.Value = cells.Count(c => c.State is "done" or "failed" or "cancelled");
                    overall.Description = $"{sweepId}: {overall.Value}/{cells.Count}, failed {cells.Count(c => c.State == "failed")}";
                    var running = cells.Where(c => c.State is "running" or "leased").ToDictionary(c => c.CellId);
                    foreach (var id in bars.Keys.Where(k => !running.ContainsKey(k)).ToList()) { bars[id].Value = bars[id].MaxValue; bars[id].StopTask(); bars.Remove(id); }
                    foreach (var (id, c) in running)
                    {
                        if (!bars.TryGetValue(id, out var bar)) bars[id] = bar = ctx.AddTask(Markup.Escape(c.Key), maxValue: 1);
                        bar.MaxValue = Math.Max(1, c.TotalEpochs ?? 1);
                        bar.Value = c.Epoch ?? 0;
                        bar.Description = Markup.Escape($"{c.Key} on {c.Worker} epoch {c.Epoch ?? 0}/{c.TotalEpochs?.ToString() ?? "?"} loss " +
                                                        (c.Loss?.ToString("G4", CultureInfo.InvariantCulture) ?? "–"));
                    }
                    if (Over(cells)) break;
                    await Task.Delay(1000, cancel);
                }
            });
        return cells.Any(c => c.State == "failed") ? 1 : 0;
    }
}
