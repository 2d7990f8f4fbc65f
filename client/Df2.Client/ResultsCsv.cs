using Df2.GrainInterfaces;
using Df2.Grains;

namespace Df2.Client;

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
        var dependencies = RegretTable.DependencyKeys(cells);
        return CsvTable.Write(Header.Split(','), writer =>
        {
            foreach (var c in cells)
            {
                var r = c.Result;
                using var row = writer.NewRow();
                row["task"].Set(c.Task);
                row["method"].Set(c.Method);
                row["variant"].Set(c.Variant);
                row["seed"].Format(c.Seed);
                row["data_seed"].Format(c.DataSeed);
                row["status"].Set(c.State);
                row["regret"].Set(dependencies.Contains(c.Key) ? "" : CsvTable.Number(r?.Regret));
                row["lower_bound"].Set(CsvTable.Number(r?.LowerBound));
                row["gap"].Set(CsvTable.Number(r?.Gap));
                if (r is null) row["epochs"].Set(""); else row["epochs"].Format(r.Epochs);
                row["train_seconds"].Set(CsvTable.Number(r?.TrainSeconds));
                row["attempts"].Format(c.Attempt);
                row["device"].Set(c.Device ?? "");
                row["reason"].Set(c.Reason ?? "");
                row["key"].Set(c.Key);
            }
        });
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
