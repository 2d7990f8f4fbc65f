using System.Globalization;
using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Tasks.Wind;

/// <summary>
/// Loads a TSO wind-power file (<c>wind_power/TenneTTSO.csv</c> or <c>TransnetBW.csv</c>: UTF-8
/// with BOM, header <c>Date,00:00:00,…,23:45:00</c>, one row per day, 96 quarter-hour values)
/// and aggregates it to an hourly series: hour h of day d = mean of its four quarter-hours
/// (our choice; the paper does not say). Units as published (MW, presumably).
/// </summary>
public static class WindPowerSeries
{
    /// <summary>The file for a source name: "tennet" (default, the paper's text) or "transnetbw" (the paper's link).</summary>
    public static string FileFor(string dataRoot, string source) => source.ToLowerInvariant() switch
    {
        "tennet" => DataRoot.File(dataRoot, "wind_power", "TenneTTSO.csv"),
        "transnetbw" => DataRoot.File(dataRoot, "wind_power", "TransnetBW.csv"),
        _ => throw new ParameterException("source", $"parameter 'source' = '{source}': expected 'tennet' or 'transnetbw'"),
    };

    /// <summary>Hourly series: hour h of day d = mean of its four quarter-hours.</summary>
    public static double[] LoadHourly(string path)
    {
        var quarters = LoadQuarterHours(path);
        var hourly = new double[quarters.Length / 4];
        for (int h = 0; h < hourly.Length; h++)
            hourly[h] = (quarters[4 * h] + quarters[4 * h + 1] + quarters[4 * h + 2] + quarters[4 * h + 3]) / 4.0;
        return hourly;
    }

    /// <summary>The published quarter-hour series, day by day (96 values a day); bad cells fail naming row and column.</summary>
    public static double[] LoadQuarterHours(string path)
    {
        using var reader = CsvFile.Open(path); // the reader skips the UTF-8 BOM
        string[]? header = null;
        var values = new List<double>();
        bool anyDataRow = false;
        foreach (var cells in reader)
        {
            if (header == null)
            {
                header = CsvFile.Cells(cells);
                continue;
            }
            if (!anyDataRow)
            {
                anyDataRow = true;
                CheckHeader(path, header);
            }
            if (cells.Span.Length == 0) continue;
            int row = CsvFile.Row(cells);
            if (cells.ColCount != 97) throw new InvalidDataException($"{path}: row {row} has {cells.ColCount} columns, expected 97");
            for (int q = 1; q < 97; q++)
            {
                if (!double.TryParse(cells[q].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0 || double.IsNaN(v))
                    throw new InvalidDataException($"{path}: row {row}, column '{header[q]}': bad value '{cells[q].ToString()}'");
                values.Add(v);
            }
        }
        if (!anyDataRow) throw new InvalidDataException($"{path}: no data rows");
        return values.ToArray();
    }

    private static void CheckHeader(string path, string[] header)
    {
        if (header.Length != 97 || header[0].Trim() != "Date")
            throw new InvalidDataException($"{path}: header must be Date + 96 quarter-hour columns, got {header.Length} columns starting '{header[0]}'");
    }
}
