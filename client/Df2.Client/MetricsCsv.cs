using Df2.GrainInterfaces;
using Df2.Grains;

namespace Df2.Client;

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
        return CsvTable.Write(Header.Split(','), writer =>
        {
            foreach (var c in cells)
            {
                if (c.Result is not { } r) continue;
                foreach (var (metric, value) in r.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    using var row = writer.NewRow();
                    row["key"].Set(c.Key);
                    row["task"].Set(c.Task);
                    row["method"].Set(c.Method);
                    row["variant"].Set(c.Variant);
                    row["seed"].Format(c.Seed);
                    row["data_seed"].Format(c.DataSeed);
                    row["metric"].Set(metric);
                    row["value"].Set(CsvTable.Number(value));
                }
            }
        });
    }
}
