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
        var pop = new double[Regions];
        var popLines = File.ReadAllLines(popPath);
        if (popLines.Length < Regions + 1) throw new InvalidDataException($"{popPath}: expected {Regions} data rows, got {popLines.Length - 1}");
        for (int r = 1; r <= Regions; r++)
        {
            var c = popLines[r].Split(',');
            if (c.Length != 3 || !int.TryParse(c[0], out var gid) || gid != r
                || !double.TryParse(c[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0)
                throw new InvalidDataException($"{popPath}: row {r + 1}: expected 'gid={r},ken,population>0', got '{popLines[r]}'");
            pop[r - 1] = v;
        }
        var lines = File.ReadAllLines(infPath).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        if (header.Length != Regions + 1 || header[0].Trim() != "Day")
            throw new InvalidDataException($"{infPath}: header must be Day + {Regions} prefectures, got {header.Length} columns");
        var cum = new double[(lines.Length - 1) * Regions];
        DateOnly first = default;
        for (int r = 1; r < lines.Length; r++)
        {
            var c = lines[r].Split(',');
            if (c.Length != Regions + 1) throw new InvalidDataException($"{infPath}: row {r + 1} has {c.Length} columns, expected {Regions + 1}");
            if (!DateOnly.TryParseExact(c[0], "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                throw new InvalidDataException($"{infPath}: row {r + 1}, column 'Day': bad date '{c[0]}'");
            if (r == 1) first = day;
            else if (day != first.AddDays(r - 1)) throw new InvalidDataException($"{infPath}: row {r + 1}: date {c[0]} is not consecutive");
            for (int k = 0; k < Regions; k++)
            {
                if (!double.TryParse(c[k + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0)
                    throw new InvalidDataException($"{infPath}: row {r + 1}, column '{header[k + 1]}': bad value '{c[k + 1]}'");
                cum[(r - 1) * Regions + k] = v;
            }
        }
        return new EpidemicData(pop, cum, first, lines.Length - 1);
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
