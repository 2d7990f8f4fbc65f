using System.Globalization;
using Df2.GrainInterfaces;

namespace Df2.Client;

/// <summary>One-line descriptions of running cells and of time left, shared by <c>df2 run</c> and <c>df2 watch</c>.</summary>
public static class CellText
{
    /// <summary>"key on worker epoch 3/5 loss 0.123 ETA 4s" — ETA = remaining epochs × last epoch time.</summary>
    public static string Describe(CellView c)
    {
        var p = c.Progress;
        var loss = p is not null ? p.Loss.ToString("G4", CultureInfo.InvariantCulture) : "–";
        var eta = p is not null ? $" ETA {Seconds((p.TotalEpochs - p.Epoch) * p.EpochSeconds)}" : "";
        return $"{c.Key} epoch {p?.Epoch ?? c.Checkpoint?.Epoch ?? 0}/{p?.TotalEpochs.ToString() ?? "?"} loss {loss}{eta}";
    }

    /// <summary>Overall ETA = unfinished cells × mean wall time of the cells finished so far ÷ workers.</summary>
    public static string Eta(IReadOnlyList<CellView> cells, int workers) => Eta(cells, cells.Count(c => !c.Finished), workers);

    /// <summary>ETA of <paramref name="left"/> unfinished cells from the wall times of the done cells among <paramref name="done"/>.</summary>
    public static string Eta(IReadOnlyList<CellView> done, int left, int workers)
    {
        var times = done.Where(c => c is { Status: CellStatus.Done, StartedAt: not null, FinishedAt: not null })
            .Select(c => (c.FinishedAt!.Value - c.StartedAt!.Value).TotalSeconds).ToList();
        if (times.Count == 0) return left == 0 ? "0s" : "?";
        return Seconds(left * times.Average() / Math.Max(1, workers));
    }

    public static string Seconds(double s) => s < 90 ? $"{s:0}s" : s < 5400 ? $"{s / 60:0.0}m" : $"{s / 3600:0.0}h";
}
