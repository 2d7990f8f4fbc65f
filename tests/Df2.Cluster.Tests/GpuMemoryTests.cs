using System.Diagnostics.Metrics;
using Df2.Silo.Core;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>The GPU memory gauge: nvidia-smi's lines to measurements (any machine), and a CUDA silo's /metrics (a GPU machine).</summary>
public class GpuMemoryTests
{
    [Fact]
    public void Nvidia_smi_lines_become_used_and_total_bytes_of_the_wanted_devices()
    {
        // index, memory.used (MiB), memory.total (MiB); device 1 is not one of the silo's; the last line is malformed
        var rows = GpuMemory.Measure("0, 1024, 81559\n1, 5, 81559\n2, n/a, 81559\n", new HashSet<int> { 0, 2 });
        Assert.Equal(2, rows.Count);
        Assert.Equal(1024L * 1024 * 1024, rows[0].Value);        // 1024 MiB
        Assert.Equal(81559L * 1024 * 1024, rows[1].Value);
        Assert.Equal(("device", "cuda:0"), Tag(rows[0], "device"));
        Assert.Equal(("kind", "used"), Tag(rows[0], "kind"));
        Assert.Equal(("kind", "total"), Tag(rows[1], "kind"));
        Assert.False(GpuMemory.Register(["cpu", "cpu"]));          // no CUDA slot: no gauge
    }

    private static (string, string?) Tag(Measurement<long> m, string key)
    {
        foreach (var t in m.Tags) if (t.Key == key) return (t.Key, t.Value as string);
        return (key, null);
    }

    [CudaFact]
    public async Task A_silo_with_a_cuda_slot_serves_its_gpu_memory()
    {
        var dir = Paths.TempDir("gpumem");
        using var silo = StartLocal(Path.Combine(dir, "silo"), "spin", devices: "cuda:0");
        using var http = new HttpClient();
        var text = "";
        await Wait.Until(async () => text = await http.GetStringAsync($"{silo.Url}/metrics"),
            t => t.Contains("df2_gpu_memory_bytes{"), TimeSpan.FromSeconds(60), "df2_gpu_memory_bytes in /metrics");
        Assert.Contains("device=\"cuda:0\"", text);
        Assert.Contains("kind=\"total\"", text);
    }
}

/// <summary>A test that needs an NVIDIA GPU (nvidia-smi answers); skipped with the reason elsewhere (CI has none).</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("nvidia-smi", "-L")
                { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null || !p.WaitForExit(10_000) || p.ExitCode != 0) Skip = "no NVIDIA GPU here (nvidia-smi -L failed)";
        }
        catch (System.ComponentModel.Win32Exception) { Skip = "no NVIDIA GPU here (nvidia-smi is not installed)"; }
    }
}
