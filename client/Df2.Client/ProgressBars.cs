using Df2.GrainInterfaces;
using Spectre.Console;

namespace Df2.Client;

/// <summary>
/// Spectre.Console progress: an overall bar plus one bar per running cell (epoch of total), updated from the
/// cell views on each poll; bars of cells that stopped running are completed and hidden.
/// </summary>
public sealed class ProgressBars(ProgressContext ctx, int total, string title)
{
    private readonly ProgressTask _overall = ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
    private readonly Dictionary<string, ProgressTask> _bars = new(StringComparer.Ordinal);

    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static Progress Create() => AnsiConsole.Progress().AutoClear(false).HideCompleted(true)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn());

    public void Update(SweepProgress progress, int workers)
    {
        _overall.Value = progress.Status.Finished;
        _overall.Description = Markup.Escape($"{title} {_overall.Value}/{progress.Status.Total} · failed {progress.Failed} · ETA {progress.Eta(workers)}");
        var running = progress.Running.Where(c => c.Status == CellStatus.Running).ToDictionary(c => c.Key);
        foreach (var key in _bars.Keys.Where(k => !running.ContainsKey(k)).ToList())
        {
            _bars[key].Value = _bars[key].MaxValue;
            _bars[key].StopTask();
            _bars.Remove(key);
        }
        foreach (var (key, c) in running)
        {
            if (!_bars.TryGetValue(key, out var bar)) _bars[key] = bar = ctx.AddTask(Markup.Escape(key), maxValue: 1);
            bar.MaxValue = Math.Max(1, c.Progress?.TotalEpochs ?? 1);
            bar.Value = c.Progress?.Epoch ?? 0;
            bar.Description = Markup.Escape(CellText.Describe(c) + (c.Worker is { } w ? $" on {w}" : ""));
        }
    }
}
