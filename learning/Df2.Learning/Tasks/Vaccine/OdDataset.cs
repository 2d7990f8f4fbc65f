using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// Daily 47×47 OD matrices (<c>vaccine/od_day20180101_20210228.npz</c>, row t = day t from
/// 2018-01-01, reshaped row-major to OD[i, j]) for the paper's window 2020-04-01 .. 2021-02-28
/// (rows 821..1154, 334 days). Samples: x = the 7 days before origin t, y = the 7 days from t;
/// both stored as log(OD + 1), laid out [7, 47, 47] (day, origin, destination). Windows slide by
/// one day (321 windows) and are split chronologically by origin 64/16/20 as ODCRN does.
/// </summary>
public sealed class OdDataset
{
    public const int Regions = 47, Days = 7, Dim = Days * Regions * Regions;
    public static readonly DateOnly DataStart = new(2018, 1, 1);
    public static readonly DateOnly PaperStart = new(2020, 4, 1);
    public static readonly DateOnly PaperEnd = new(2021, 2, 28);

    public double[] LogOd { get; }
    public int NumDays { get; }
    public int[] TrainOrigins { get; }
    public int[] ValOrigins { get; }
    public int[] TestOrigins { get; }

    private OdDataset(double[] logOd, int numDays, int[] train, int[] val, int[] test)
    {
        LogOd = logOd; NumDays = numDays; TrainOrigins = train; ValOrigins = val; TestOrigins = test;
    }

    /// <summary>Calendar date of day index d (0 = 2020-04-01).</summary>
    public static DateOnly DateOf(int d) => PaperStart.AddDays(d);

    public static OdDataset Load(string dataRoot)
    {
        var path = DataRoot.File(dataRoot, "vaccine", "od_day20180101_20210228.npz");
        var m = NpzCscMatrix.Load(path);
        if (m.Cols != Regions * Regions) throw new InvalidDataException($"{path}: {m.Cols} columns, expected 47×47 = 2209");
        int first = PaperStart.DayNumber - DataStart.DayNumber, last = PaperEnd.DayNumber - DataStart.DayNumber;
        if (m.Rows <= last) throw new InvalidDataException($"{path}: {m.Rows} rows, need day {last} (2021-02-28)");
        var dense = m.DenseRows(first, last + 1);
        var log = dense.Select(v =>
        {
            if (v < 0) throw new InvalidDataException($"{path}: negative OD count {v}");
            return Math.Log(v + 1);
        }).ToArray();
        int numDays = last - first + 1;
        var origins = Enumerable.Range(Days, numDays - 2 * Days + 1).ToArray();
        int nTrain = (int)Math.Round(0.64 * origins.Length), nVal = (int)Math.Round(0.16 * origins.Length);
        return new OdDataset(log, numDays, origins[..nTrain], origins[nTrain..(nTrain + nVal)], origins[(nTrain + nVal)..]);
    }

    /// <summary>x for origin t: log-OD of days t−7..t−1, [7, 47, 47] flat.</summary>
    public double[] X(int origin) => LogOd.AsSpan((origin - Days) * Regions * Regions, Dim).ToArray();

    /// <summary>y for origin t: log-OD of days t..t+6, [7, 47, 47] flat.</summary>
    public double[] Y(int origin) => LogOd.AsSpan(origin * Regions * Regions, Dim).ToArray();
}
