using System.Diagnostics;

namespace Df2.Bench;

/// <summary>"--name value" options plus timing helpers (median of repeats).</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _opts = [];

    public BenchArgs(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Bad option '{args[i]}': expected --name value.");
            _opts[args[i][2..]] = args[++i];
        }
    }

    public int Int(string name, int dflt) => _opts.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : dflt;

    public string Str(string name, string dflt) => _opts.GetValueOrDefault(name, dflt);

    /// <summary>Runs <paramref name="body"/> once to warm up, then <paramref name="repeats"/> times; returns seconds per run (sorted).</summary>
    public static double[] Time(int repeats, Action body)
    {
        body();
        var ts = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            body();
            ts[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(ts);
        return ts;
    }

    public static double Median(double[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
