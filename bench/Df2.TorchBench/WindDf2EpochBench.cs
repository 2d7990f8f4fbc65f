using System.Diagnostics;

namespace Df2.TorchBench;

/// <summary>
/// Times <see cref="WindDf2Epoch"/>: one warm-up, then --epochs timed runs of a whole epoch, or of its
/// first --batches batches (then also the per-batch time × batches per epoch, labelled as extrapolated).
/// </summary>
public static class WindDf2EpochBench
{
    public static void Run(BenchOptions options)
    {
        int epochs = options.Int("epochs", 3), batches = options.Int("batches", 0);
        var data = options.Text("data", "/work/shared/data/wind_power/TenneTTSO.csv");
        var variant = options.Text("variant", "all");
        foreach (var v in variant == "all" ? ["fused-weighted", "plain"] : new[] { variant })
        {
            using var model = new WindDf2Epoch(data, 0);
            long perEpoch = (model.TrainingWindows + 63) / 64;
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var seconds = BenchOptions.Time(epochs, () => model.Run(v, batches));
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (epochs + 1);
            string what = batches > 0 ? $"first {batches} batches" : "epoch";
            string extrapolated = batches > 0 ? $"; extrapolated epoch ({perEpoch} batches) {BenchOptions.Median(seconds) / batches * perEpoch:F1} s" : "";
            Console.WriteLine($"df2-wind {v} ({model.TrainingWindows} training windows, {perEpoch} batches per epoch): {what} {BenchOptions.Summary(seconds, 1, "s")}{extrapolated}; CPU {cpu:F2} s per run (all threads); last loss sum {model.LastTotal:F1}; loadavg {BenchOptions.Load()}");
        }
    }
}
