using System.Globalization;

namespace Df2.Learning.Tasks.Inventory;

/// <summary>
/// Loads one daily unit-sales series from an M5 (Walmart) <c>sales_train_validation.csv</c> excerpt
/// (<c>inventory/m5/</c>, the second inventory STAND-IN, see its SOURCE.md): header
/// <c>id,item_id,dept_id,cat_id,store_id,state_id,d_1,…,d_n</c>, one row per (item, store). The series is chosen by
/// its <c>id</c>, with or without the <c>_validation</c> suffix. Leading days before the first sale (the item not yet
/// stocked) are dropped.
/// </summary>
public static class M5Series
{
    public const string DefaultId = "FOODS_1_001_CA_3";

    public static double[] Load(string path, string id)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',');
        if (header == null || header.Length < 8 || header[0] != "id" || header[6] != "d_1")
            throw new InvalidDataException($"{path}: header must be 'id,item_id,dept_id,cat_id,store_id,state_id,d_1,…'");
        string? line;
        int row = 1;
        var known = new List<string>();
        while ((line = reader.ReadLine()) != null)
        {
            row++;
            var c = line.Split(',');
            known.Add(c[0]);
            if (c[0] != id && c[0] != id + "_validation") continue;
            if (c.Length != header.Length) throw new InvalidDataException($"{path}: row {row} has {c.Length} columns, expected {header.Length}");
            var values = new double[c.Length - 6];
            for (int d = 0; d < values.Length; d++)
                if (!double.TryParse(c[6 + d], NumberStyles.Float, CultureInfo.InvariantCulture, out values[d]) || values[d] < 0 || double.IsNaN(values[d]))
                    throw new InvalidDataException($"{path}: row {row}, column '{header[6 + d]}': bad value '{c[6 + d]}'");
            int first = Array.FindIndex(values, v => v > 0);
            if (first < 0) throw new InvalidDataException($"{path}: series '{id}' (row {row}) has no sales");
            return values[first..];
        }
        throw new InvalidDataException($"{path}: no series '{id}'; known: {string.Join(", ", known)}");
    }
}
