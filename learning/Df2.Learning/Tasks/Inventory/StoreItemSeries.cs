using System.Globalization;
using Df2.Learning.Data.RealWorld;

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
        using var reader = CsvFile.Open(path);
        var values = new List<double>();
        bool headerRead = false;
        DateOnly? previous = null;
        foreach (var c in reader)
        {
            if (!headerRead)
            {
                var header = c.Span.ToString();
                if (header.Trim() != "date,store,item,sales")
                    throw new InvalidDataException($"{path}: header must be 'date,store,item,sales', got '{header}'");
                headerRead = true;
                continue;
            }
            int row = CsvFile.Row(c);
            if (c.ColCount != 4) throw new InvalidDataException($"{path}: row {row} has {c.ColCount} columns, expected 4");
            if (!int.TryParse(c[1].Span, out var s) || !int.TryParse(c[2].Span, out var i))
                throw new InvalidDataException($"{path}: row {row}: bad store/item '{c[1].ToString()}'/'{c[2].ToString()}'");
            if (s != store || i != item) continue;
            if (!DateOnly.TryParseExact(c[0].Span, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"{path}: row {row}, column 'date': bad value '{c[0].ToString()}'");
            if (previous is { } p && date != p.AddDays(1))
                throw new InvalidDataException($"{path}: row {row}: date {date:yyyy-MM-dd} does not follow {p:yyyy-MM-dd} (gap or unsorted)");
            previous = date;
            if (!double.TryParse(c[3].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0)
                throw new InvalidDataException($"{path}: row {row}, column 'sales': bad value '{c[3].ToString()}'");
            values.Add(v);
        }
        if (!headerRead) throw new InvalidDataException($"{path}: header must be 'date,store,item,sales', got ''");
        if (values.Count == 0) throw new InvalidDataException($"{path}: no rows for store {store}, item {item}");
        return values.ToArray();
    }
}
