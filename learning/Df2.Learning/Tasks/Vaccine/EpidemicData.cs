using System.Globalization;
using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// The 47 Japanese prefectures' populations (<c>pref_population_2015.csv</c>: gid,ken,population,
/// JIS order) and cumulative confirmed infections (<c>acc_infection_num.csv</c>: Day + 47
/// prefecture columns, days 2020-1-16 .. 2021-4-6, consecutive).
/// </summary>
public sealed class EpidemicData
{
    public const int Regions = 47;
    public double[] Population { get; }
    /// <summary>Cumulative infections, [days, 47] row-major; day 0 = <see cref="FirstDay"/>.</summary>
    public double[] Cumulative { get; }
    public DateOnly FirstDay { get; }
    public int Days { get; }

    private EpidemicData(double[] population, double[] cumulative, DateOnly firstDay, int days)
    {
        Population = population; Cumulative = cumulative; FirstDay = firstDay; Days = days;
    }

    public static EpidemicData Load(string dataRoot)
    {
        var popPath = DataRoot.File(dataRoot, "vaccine", "pref_population_2015.csv");
        var infPath = DataRoot.File(dataRoot, "vaccine", "acc_infection_num.csv");
        return new EpidemicData(LoadPopulation(popPath), LoadCumulative(infPath, out var first, out var days), first, days);
    }

    /// <summary>Rows 2..48 of the population file (any further rows are ignored); bad rows fail quoting the row.</summary>
    private static double[] LoadPopulation(string popPath)
    {
        // (gid, population, the row's text) of the first 47 data rows; read in full first, so a short file fails on its count
        var rows = new List<(string Gid, string Population, int Cols, string Text)>(Regions);
        int dataRows = 0;
        using (var reader = CsvFile.Open(popPath))
        {
            foreach (var row in reader)
            {
                if (row.RowIndex == 0) continue;
                dataRows++;
                if (rows.Count < Regions)
                {
                    var text = row.Span.ToString();
                    rows.Add((row[0].ToString(), row.ColCount > 2 ? row[2].ToString() : "", row.ColCount, text));
                }
            }
        }
        if (dataRows < Regions) throw new InvalidDataException($"{popPath}: expected {Regions} data rows, got {dataRows}");
        var pop = new double[Regions];
        for (int r = 1; r <= Regions; r++)
        {
            var c = rows[r - 1];
            if (c.Cols != 3 || !int.TryParse(c.Gid, out var gid) || gid != r
                || !double.TryParse(c.Population, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0)
                throw new InvalidDataException($"{popPath}: row {r + 1}: expected 'gid={r},ken,population>0', got '{c.Text}'");
            pop[r - 1] = v;
        }
        return pop;
    }

    /// <summary>The cumulative infections, [days, 47] row-major; empty lines are skipped and not counted as rows.</summary>
    private static double[] LoadCumulative(string infPath, out DateOnly first, out int days)
    {
        using var reader = CsvFile.Open(infPath);
        string[]? header = null;
        var cum = new List<double>();
        first = default;
        int r = 0;   // non-empty rows before this one (the header is r = 0)
        foreach (var c in reader)
        {
            if (c.Span.Length == 0) continue;
            if (header == null)
            {
                header = CsvFile.Cells(c);
                if (header.Length != Regions + 1 || header[0].Trim() != "Day")
                    throw new InvalidDataException($"{infPath}: header must be Day + {Regions} prefectures, got {header.Length} columns");
                continue;
            }
            r++;
            if (c.ColCount != Regions + 1) throw new InvalidDataException($"{infPath}: row {r + 1} has {c.ColCount} columns, expected {Regions + 1}");
            if (!DateOnly.TryParseExact(c[0].Span, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new InvalidDataException($"{infPath}: row {r + 1}, column 'Day': bad date '{c[0].ToString()}'");
            if (r == 1) first = day;
            else if (day != first.AddDays(r - 1)) throw new InvalidDataException($"{infPath}: row {r + 1}: date {c[0].ToString()} is not consecutive");
            for (int k = 0; k < Regions; k++)
            {
                if (!double.TryParse(c[k + 1].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0)
                    throw new InvalidDataException($"{infPath}: row {r + 1}, column '{header[k + 1]}': bad value '{c[k + 1].ToString()}'");
                cum.Add(v);
            }
        }
        if (header == null) throw new InvalidDataException($"{infPath}: header must be Day + {Regions} prefectures, got 0 columns");
        days = r;
        return cum.ToArray();
    }

    /// <summary>Day index of a date (0 = <see cref="FirstDay"/>), checked to be in range.</summary>
    public int DayIndex(DateOnly date)
    {
        int d = date.DayNumber - FirstDay.DayNumber;
        if (d < 0 || d >= Days) throw new ArgumentOutOfRangeException(nameof(date), $"{date:yyyy-MM-dd} is outside the infection data {FirstDay:yyyy-MM-dd}+{Days} days");
        return d;
    }

    /// <summary>Cumulative infections of region k on day d (clamped to the data's range).</summary>
    public double Cum(int day, int k) => Cumulative[Math.Clamp(day, 0, Days - 1) * Regions + k];
}
