using System.Diagnostics;

namespace Df2.TorchBench;

/// <summary>
/// Times <see cref="SynthDf2Epoch"/> per variant: one warm-up, then --epochs timed runs of a whole epoch, or of
/// its first --batches batches (then also the per-batch time × batches per epoch, labelled as extrapolated).
/// </summary>
public static class Df2SynthEpochBench
{
    public static void Run(BenchOptions options)
    {
        int epochs = options.Int("epochs", 3), batches = options.Int("batches", 0);
        var variant = options.Text("variant", "all");
        foreach (var v in variant == "all" ? ["fused-weighted", "fused", "plain"] : new[] { variant })
        {
            using var model = new SynthDf2Epoch(0);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var seconds = BenchOptions.Time(epochs, () => model.Run(v, batches));
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (epochs + 1);
            string what = batches > 0 ? $"first {batches} batches" : "epoch";
            string extrapolated = batches > 0 ? $"; extrapolated epoch ({model.Batches} batches) {BenchOptions.Median(seconds) / batches * model.Batches:F1} s" : "";
            Console.WriteLine($"df2-synth-nonconvex {v}: {what} {BenchOptions.Summary(seconds, 1, "s")}{extrapolated}; CPU {cpu:F2} s per run (all threads); last loss sum {model.LastTotal:F2}; loadavg {BenchOptions.Load()}");
        }
    }
}
