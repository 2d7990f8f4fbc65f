using System.Diagnostics;
using System.Globalization;

namespace Df2.TorchBench;

/// <summary>"--name value" options and the timing helpers shared by the benchmarks (median of repeats).</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = [];

    public BenchOptions(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"Bad option '{args[i]}': expected --name value.");
            _values[args[i][2..]] = args[++i];
        }
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    /// <summary>Runs <paramref name="body"/> once to warm up, then <paramref name="repeats"/> times; seconds per run, sorted.</summary>
    public static double[] Time(int repeats, Action body)
    {
        body();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            body();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(seconds);
        return seconds;
    }

    public static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);

    /// <summary>"median m min n (all: …)" in the unit given by <paramref name="scale"/> (1e3 → ms).</summary>
    public static string Summary(double[] sorted, double scale, string unit) =>
        string.Create(CultureInfo.InvariantCulture,
            $"median {Median(sorted) * scale:F3} {unit}, min {sorted[0] * scale:F3} {unit} (runs: {string.Join(" ", sorted.Select(s => (s * scale).ToString("F3", CultureInfo.InvariantCulture)))})");

    /// <summary>The 1-minute load average (Linux /proc/loadavg; "n/a" elsewhere).</summary>
    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
