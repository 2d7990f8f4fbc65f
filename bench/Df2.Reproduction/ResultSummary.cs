using System.Globalization;
using System.Text;

namespace Df2.Reproduction;

/// <summary>
/// Turns the harness CSV into the Markdown table of docs/reproduction.md: per task, method and
/// variant, the gap to the exact lower bound (mean ± sample std over seeds), the regret, the
/// lower bound and the mean training time per epoch.
/// </summary>
public static class ResultSummary
{
    public static string ToMarkdown(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        double D(string[] r, string c) => double.Parse(r[Col(c)], CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        foreach (var task in rows.Select(r => r[Col("task")]).Distinct())
        {
            sb.AppendLine($"### {task}").AppendLine();
            sb.AppendLine("| method | n seeds | gap to lower bound (mean ± std) | regret (mean ± std) | lower bound | s / epoch |");
            sb.AppendLine("|---|---|---|---|---|---|");
            var groups = rows.Where(r => r[Col("task")] == task)
                .GroupBy(r => (Method: r[Col("method")], Variant: r[Col("variant")]))
                .OrderBy(g => g.Average(r => D(r, "gap")));
            foreach (var g in groups)
            {
                string name = g.Key.Variant == "" ? g.Key.Method : $"{g.Key.Method} [{g.Key.Variant}]";
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {g.Count()} | {MeanStd(g.Select(r => D(r, "gap")))} | {MeanStd(g.Select(r => D(r, "regret")))} | {g.Average(r => D(r, "lower_bound")):F4} | {g.Average(r => D(r, "seconds_per_epoch")):F3} |"));
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string MeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        double std = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F4} ± {std:F4}");
    }
}
