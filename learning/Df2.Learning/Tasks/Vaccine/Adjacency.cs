using System.Globalization;
using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>The 47×47 prefecture land-border adjacency (<c>vaccine/adjacency_matrix.csv</c>: 47 lines of space-separated 0/1).</summary>
public static class Adjacency
{
    public static double[] Load(string dataRoot)
    {
        var path = DataRoot.File(dataRoot, "vaccine", "adjacency_matrix.csv");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length != 47) throw new InvalidDataException($"{path}: {lines.Length} rows, expected 47");
        var a = new double[47 * 47];
        for (int i = 0; i < 47; i++)
        {
            var cells = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != 47) throw new InvalidDataException($"{path}: row {i + 1} has {cells.Length} values, expected 47");
            for (int j = 0; j < 47; j++)
                if (!double.TryParse(cells[j], NumberStyles.Float, CultureInfo.InvariantCulture, out a[i * 47 + j]) || (a[i * 47 + j] != 0 && a[i * 47 + j] != 1))
                    throw new InvalidDataException($"{path}: row {i + 1}, column {j + 1}: expected 0 or 1, got '{cells[j]}'");
        }
        return a;
    }
}
