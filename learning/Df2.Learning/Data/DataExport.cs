using System.Globalization;
using System.Text;
using System.Text.Json;
using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Data;

/// <summary>
/// Writes a synthetic task's data set for inspection: a CSV with columns x1,x2,y1,y2,split
/// (split ∈ train/val/test) and beside it <c>&lt;name&gt;.mixture.json</c> with the true mixture
/// (A as 3×2×2, weights, variance). Both files are written to a temporary file and renamed.
/// </summary>
public static class DataExport
{
    /// <summary>Export the task's data for <paramref name="dataSeed"/> (n = 5000) to <paramref name="csvPath"/>.</summary>
    public static void Export(string task, int dataSeed, string csvPath) => Export(task, dataSeed, csvPath, SyntheticProblem.DefaultSize);

    /// <summary>Export with an explicit number of pairs.</summary>
    public static void Export(string task, int dataSeed, string csvPath, int n)
    {
        if (!SyntheticProblem.All.Any(p => p.Name == task))
            throw new ArgumentException($"task '{task}' is unknown for data export; known: {string.Join(", ", SyntheticProblem.All.Select(p => p.Name))}");
        if (string.IsNullOrWhiteSpace(csvPath)) throw new ArgumentException("csv path is empty", nameof(csvPath));
        var data = SyntheticDataset.Generate(dataSeed, n);

        var csv = new StringBuilder("x1,x2,y1,y2,split\n");
        for (int r = 0; r < data.Count; r++)
        {
            csv.Append(F(data.X[2 * r])).Append(',').Append(F(data.X[2 * r + 1])).Append(',')
               .Append(F(data.Y[2 * r])).Append(',').Append(F(data.Y[2 * r + 1])).Append(',')
               .Append(data.Splits[r] switch { Split.Train => "train", Split.Val => "val", _ => "test" }).Append('\n');
        }
        var m = data.Mixture;
        var a = new double[SyntheticMixture.Components][][];
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = new double[2][];
            for (int r = 0; r < 2; r++) a[k][r] = [m.A[k, r, 0], m.A[k, r, 1]];
        }
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["task"] = task, ["data_seed"] = dataSeed, ["n"] = n,
            ["A"] = a, ["weights"] = m.Weights, ["variance"] = m.Variance,
            ["model"] = "y ~ sum_k weights[k] N(A[k] x, variance I), x ~ U[-1,1]^2",
        }, new JsonSerializerOptions { WriteIndented = true });

        string full = Path.GetFullPath(csvPath);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string stem = full.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? full[..^4] : full;
        WriteAtomically(full, csv.ToString());
        WriteAtomically(stem + ".mixture.json", json);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteAtomically(string path, string content)
    {
        string tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(tmp, content, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }
}
