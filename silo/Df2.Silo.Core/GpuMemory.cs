using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Df2.Grains;

namespace Df2.Silo.Core;

/// <summary>
/// GPU memory for the silo's metrics (<c>df2_gpu_memory_bytes{device, kind}</c>). The silo never touches CUDA itself
/// (training runs in df2-worker children, and TorchSharp 0.107 exposes no memory query), so it reads the driver's
/// figures with <c>nvidia-smi --query-gpu=index,memory.used,memory.total --format=csv,noheader,nounits</c> (MiB),
/// at most every 10 s, for the devices its CUDA slots name. A silo without CUDA slots registers nothing.
/// </summary>
public static class GpuMemory
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    /// <summary>Registers the gauge when <paramref name="devices"/> holds a CUDA slot (cuda, cuda:N); returns whether it did.</summary>
    public static bool Register(IEnumerable<string> devices)
    {
        var indices = devices.Where(d => d.StartsWith("cuda", StringComparison.Ordinal))
            .Select(d => d == "cuda" ? 0 : int.TryParse(d["cuda:".Length..], CultureInfo.InvariantCulture, out var i) ? i : -1).Where(i => i >= 0).ToHashSet();
        if (indices.Count == 0) return false;
        var cache = (At: DateTime.MinValue, Rows: (IReadOnlyList<Measurement<long>>)[]);
        var gate = new object();
        Df2Metrics.ObserveGpuMemory(() =>
        {
            lock (gate)
            {
                if (DateTime.UtcNow - cache.At > MaxAge) cache = (DateTime.UtcNow, Measure(Query(), indices));
                return cache.Rows;
            }
        });
        return true;
    }

    /// <summary>
    /// Measurements from nvidia-smi's CSV lines "index, used MiB, total MiB" for the wanted device indices; malformed lines
    /// and other devices are skipped (the driver's output, not a user's file).
    /// </summary>
    public static IReadOnlyList<Measurement<long>> Measure(string csv, IReadOnlySet<int> wanted)
    {
        var rows = new List<Measurement<long>>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length != 3 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out var index) || !wanted.Contains(index)
                || !long.TryParse(f[1], CultureInfo.InvariantCulture, out var used) || !long.TryParse(f[2], CultureInfo.InvariantCulture, out var total)) continue;
            var device = new KeyValuePair<string, object?>("device", $"cuda:{index}");
            rows.Add(new(used * 1024 * 1024, device, new("kind", "used")));
            rows.Add(new(total * 1024 * 1024, device, new("kind", "total")));
        }
        return rows;
    }

    /// <summary>nvidia-smi's answer, or "" when it is missing or fails (the gauge then reports nothing).</summary>
    private static string Query()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("nvidia-smi", "--query-gpu=index,memory.used,memory.total --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (p is null) return "";
            var output = p.StandardOutput.ReadToEnd();
            return p.WaitForExit(5000) && p.ExitCode == 0 ? output : "";
        }
        catch (System.ComponentModel.Win32Exception) { return ""; }
    }
}
