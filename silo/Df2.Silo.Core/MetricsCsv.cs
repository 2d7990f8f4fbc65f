using System.Globalization;
using System.Text;
using Df2.GrainInterfaces;
using Df2.Grains;

namespace Df2.Silo;

/// <summary>
/// metrics.csv: every extra metric of every finished cell in long form (per-test-set regrets, phase seconds,
/// diagnostics), one row per (cell, metric), columns key,task,method,variant,seed,data_seed,metric,value; cells
/// in results.csv order, metrics by name.
/// </summary>
public static class MetricsCsv
{
    public const string Header = "key,task,method,variant,seed,data_seed,metric,value";

    public static string Render(IReadOnlyList<CellView> cells)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var c in cells)
        {
            if (c.Result is not { } r) continue;
            foreach (var (metric, value) in r.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
                sb.Append(string.Join(",", CsvText.Quote(c.Key), CsvText.Quote(c.Task), CsvText.Quote(c.Method), CsvText.Quote(c.Variant),
                    c.Seed.ToString(inv), c.DataSeed.ToString(inv), CsvText.Quote(metric), value.ToString("R", inv))).Append('\n');
        }
        return sb.ToString();
    }
}
