using System.Diagnostics;

namespace Df2.TorchBench;

/// <summary>Times <see cref="SynthDf2Epoch"/> per variant: one warm-up epoch, then --epochs timed epochs.</summary>
public static class Df2SynthEpochBench
{
    public static void Run(BenchOptions options)
    {
        int epochs = options.Int("epochs", 3);
        var variant = options.Text("variant", "all");
        foreach (var v in variant == "all" ? ["fused-weighted", "fused", "plain"] : new[] { variant })
        {
            using var model = new SynthDf2Epoch(0);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var seconds = BenchOptions.Time(epochs, () => model.Run(v));
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (epochs + 1);
            Console.WriteLine($"df2-synth-nonconvex {v}: epoch {BenchOptions.Summary(seconds, 1, "s")}; CPU {cpu:F2} s per epoch (all threads); last epoch loss sum {model.LastTotal:F2}; loadavg {BenchOptions.Load()}");
        }
    }
}
