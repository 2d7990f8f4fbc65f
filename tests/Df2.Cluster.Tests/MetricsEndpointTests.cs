using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>
/// The silo's Prometheus endpoint (/metrics), scraped from a real df2-silo after a small sweep ran on it: each of our
/// instruments (Df2Metrics) is there with values, beside Orleans' and .NET's meters.
/// </summary>
public class MetricsEndpointTests
{
    [Fact]
    public async Task A_silo_serves_our_orleans_and_runtime_metrics_to_prometheus()
    {
        var dir = Paths.TempDir("metrics");
        using var silo = StartLocal(Path.Combine(dir, "silo"), "spin");
        var (code, submitted) = Cli(LocalClient(silo), "submit", TinySpecs.Write(dir, "m.yaml", TinySpecs.Spin("metrics", cells: 4, epochs: 3, spinMs: 20)), "--executor", "spin");
        Assert.True(code == 0, submitted);
        Assert.Equal(0, Cli(LocalClient(silo), "watch", submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]).Code);

        using var http = new HttpClient();
        string text = "";
        // the exporter caches a scrape for a moment; ask until the finished sweep's counts are in
        await Wait.Until(async () => text = await http.GetStringAsync($"{silo.Url}/metrics"),
            t => t.Contains("df2_cells{") && t.Contains("state=\"done\""), TimeSpan.FromSeconds(30), "df2 metrics in /metrics");
        foreach (var name in new[]
        {
            "df2_cells", "df2_epochs_total", "df2_epoch_duration_seconds_bucket", "df2_checkpoint_bytes_total",
            "df2_checkpoint_duration_seconds_count", "df2_handout_duration_seconds_count", "df2_slots", "df2_slots_busy",
        })
            Assert.Contains(name, text);
        var epochs = text.Split('\n').Where(l => l.StartsWith("df2_epochs_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(12, epochs);                                                  // 4 cells × 3 epochs over the slots' series
        Assert.Contains("orleans_", text);                                          // Orleans' meters
        Assert.Contains("dotnet_gc_", text);                                        // .NET's runtime meter
    }
}
