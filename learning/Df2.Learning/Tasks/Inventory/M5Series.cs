using System.Globalization;
using Df2.Learning.Data.RealWorld;

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
        using var reader = CsvFile.Open(path);
        string[]? header = null;
        var known = new List<string>();
        foreach (var r in reader)
        {
            if (header == null)
            {
                header = CsvFile.Cells(r);
                if (header.Length < 8 || header[0] != "id" || header[6] != "d_1") break;
                continue;
            }
            int row = CsvFile.Row(r);
            var rowId = r[0].ToString();
            known.Add(rowId);
            if (rowId != id && rowId != id + "_validation") continue;
            if (r.ColCount != header.Length) throw new InvalidDataException($"{path}: row {row} has {r.ColCount} columns, expected {header.Length}");
            var values = new double[r.ColCount - 6];
            for (int d = 0; d < values.Length; d++)
                if (!double.TryParse(r[6 + d].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out values[d]) || values[d] < 0 || double.IsNaN(values[d]))
                    throw new InvalidDataException($"{path}: row {row}, column '{header[6 + d]}': bad value '{r[6 + d].ToString()}'");
            int first = Array.FindIndex(values, v => v > 0);
            if (first < 0) throw new InvalidDataException($"{path}: series '{id}' (row {row}) has no sales");
            return values[first..];
        }
        if (header == null || header.Length < 8 || header[0] != "id" || header[6] != "d_1")
            throw new InvalidDataException($"{path}: header must be 'id,item_id,dept_id,cat_id,store_id,state_id,d_1,…'");
        throw new InvalidDataException($"{path}: no series '{id}'; known: {string.Join(", ", known)}");
    }
}
