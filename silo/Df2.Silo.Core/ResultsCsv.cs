using System.Globalization;
using System.Text;
using Df2.GrainInterfaces;
using Df2.Grains;

namespace Df2.Silo;

/// <summary>
/// results.csv: one row per cell, columns
/// task,method,variant,seed,data_seed,status,regret,lower_bound,gap,epochs,train_seconds,attempts,device,reason,key
/// (lower_bound/gap empty where the task has no bound; regret empty unless done, and always empty for a dependency cell:
/// a cell that others depend on, such as a pre-trained model, has no regret).
/// </summary>
public static class ResultsCsv
{
    public const string Header = "task,method,variant,seed,data_seed,status,regret,lower_bound,gap,epochs,train_seconds,attempts,device,reason,key";

    public static string Render(IReadOnlyList<CellView> cells)
    {
        var inv = CultureInfo.InvariantCulture;
        static string N(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";
        var sb = new StringBuilder(Header).Append('\n');
        var dependencies = RegretTable.DependencyKeys(cells);
        foreach (var c in cells)
        {
            var r = c.Result;
            sb.Append(string.Join(",", CsvText.Quote(c.Task), CsvText.Quote(c.Method), CsvText.Quote(c.Variant), c.Seed.ToString(inv),
                c.DataSeed.ToString(inv), c.State, dependencies.Contains(c.Key) ? "" : N(r?.Regret), N(r?.LowerBound), N(r?.Gap), r?.Epochs.ToString(inv) ?? "",
                N(r?.TrainSeconds), c.Attempt.ToString(inv), c.Device ?? "", CsvText.Quote(c.Reason ?? ""), CsvText.Quote(c.Key))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Write results.csv, metrics.csv, table.md and plot.svg (the table as a picture) into <paramref name="dir"/> (temp file + rename, so a reader never sees half a file).</summary>
    public static void WriteOutputs(string dir, IReadOnlyList<CellView> cells)
    {
        Directory.CreateDirectory(dir);
        Atomic(Path.Combine(dir, "results.csv"), Render(cells));
        Atomic(Path.Combine(dir, "metrics.csv"), MetricsCsv.Render(cells));
        var rows = RegretTable.Summarise(cells);   // once for the table and the plot
        Atomic(Path.Combine(dir, "table.md"), RegretTable.Render(rows, cells, TableFormat.Markdown));
        Atomic(Path.Combine(dir, "plot.svg"), RegretTable.Render(rows, cells, TableFormat.Svg));
    }

    private static void Atomic(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
