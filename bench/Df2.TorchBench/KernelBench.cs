using System.Diagnostics;
using Df2.Kernels.Ops;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>
/// The fused weighted ops alone, forward + backward on one DF2 batch: synthetic (B 64, J 100, S 1000, D 2)
/// and wind (B 64, J 100, S 500, H 12), fused and plain. Reports wall time and process CPU time per call
/// (CPU time is the steadier figure on a loaded machine).
/// </summary>
public static class KernelBench
{
    public static void Run(BenchOptions options)
    {
        int repeats = options.Int("repeats", 10);
        var gen = new Generator(5);
        var synthV = randn(1000, 2, generator: gen);
        var synthW = randn(64, 1000, generator: gen).softmax(-1L);
        var synthA = rand(64, 100, 2, generator: gen) * 4 - 2;
        var windV = rand(500, 12, generator: gen) * 4;
        var windW = randn(64, 500, generator: gen).softmax(-1L);
        var windA = rand(64, 100, 12, generator: gen) * 4;
        foreach (var path in options.Text("paths", "fused,plain").Split(','))
        {
            var costPath = Enum.Parse<CostPath>(path, ignoreCase: true);
            Measure($"synth weighted pairwise cost {path}", repeats, (v, w) => WeightedSeparableCost.Apply(PiecewiseCoefficients.NonConvex, v, w, synthA, costPath), synthV, synthW);
            Measure($"wind weighted bidding cost {path}", repeats, (v, w) => WeightedSeparableCost.Apply(WindBiddingCoefficients.Paper, v, w, windA, costPath), windV, windW);
        }
    }

    private static void Measure(string label, int repeats, Func<Tensor, Tensor, Tensor> op, Tensor values, Tensor weights)
    {
        void Once()
        {
            using var scope = NewDisposeScope();
            var v = values.detach().requires_grad_(true);
            var w = weights.detach().requires_grad_(true);
            op(v, w).sum().backward();
        }
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var seconds = BenchOptions.Time(repeats, Once);
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (repeats + 1);
        Console.WriteLine($"{label} fwd+bwd: {BenchOptions.Summary(seconds, 1e3, "ms")}; CPU {cpu * 1e3:F1} ms per call; loadavg {BenchOptions.Load()}");
    }
}
