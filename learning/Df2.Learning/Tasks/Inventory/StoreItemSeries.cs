using System.Globalization;

namespace Df2.Learning.Tasks.Inventory;

/// <summary>
/// Loads one (store, item) daily sales series from <c>inventory/train.csv</c> (Kaggle "Store
/// Item Demand Forecasting Challenge", a documented STAND-IN for the paper's unnamed data;
/// columns <c>date,store,item,sales</c>, 2013-01-01..2017-12-31). Default: store 1, item 1.
/// </summary>
public static class StoreItemSeries
{
    public static double[] Load(string path, int store, int item)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header == null || header.Trim() != "date,store,item,sales")
            throw new InvalidDataException($"{path}: header must be 'date,store,item,sales', got '{header}'");
        var values = new List<double>();
        string? line;
        int row = 1;
        DateOnly? previous = null;
        while ((line = reader.ReadLine()) != null)
        {
            row++;
            var c = line.Split(',');
            if (c.Length != 4) throw new InvalidDataException($"{path}: row {row} has {c.Length} columns, expected 4");
            if (!int.TryParse(c[1], out var s) || !int.TryParse(c[2], out var i))
                throw new InvalidDataException($"{path}: row {row}: bad store/item '{c[1]}'/'{c[2]}'");
            if (s != store || i != item) continue;
            if (!DateOnly.TryParseExact(c[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"{path}: row {row}, column 'date': bad value '{c[0]}'");
            if (previous is { } p && date != p.AddDays(1))
                throw new InvalidDataException($"{path}: row {row}: date {date:yyyy-MM-dd} does not follow {p:yyyy-MM-dd} (gap or unsorted)");
            previous = date;
            if (!double.TryParse(c[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0)
                throw new InvalidDataException($"{path}: row {row}, column 'sales': bad value '{c[3]}'");
            values.Add(v);
        }
        if (values.Count == 0) throw new InvalidDataException($"{path}: no rows for store {store}, item {item}");
        return values.ToArray();
    }
}
