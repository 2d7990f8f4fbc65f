using Df2.Engine;
using Df2.Engine.Backends;

namespace Df2.Bench;

/// <summary>GEMM throughput: 2·m·n·k FLOPs per product, median of 9 repeats; "kernel" reuses the output buffer, "matmul" allocates a tensor.</summary>
public static class GemmBench
{
    public static void Run(BenchArgs a)
    {
        var rng = new Rng(1);
        foreach (var (m, k, n) in new[] { (64, 256, 1024), (64, 128, 1000), (1536, 1, 1024), (256, 256, 256), (512, 512, 512) })
        {
            var x = rng.Uniform(-1, 1, m, k); var y = rng.Uniform(-1, 1, k, n);
            var xa = x.ToArray(); var ya = y.ToArray(); var c = new float[m * n];
            double flop = 2.0 * m * n * k;
            double mk = BenchArgs.Median(BenchArgs.Time(9, () => Backend.Current.Gemm(false, false, 1, m, n, k, xa, 0, ya, 0, c, false)));
            double mm = BenchArgs.Median(BenchArgs.Time(9, () => x.MatMul(y)));
            Console.WriteLine($"gemm {m}x{k} · {k}x{n}: kernel {mk * 1e3:F3} ms {flop / mk / 1e9:F1} GFLOP/s | matmul {mm * 1e3:F3} ms {flop / mm / 1e9:F1} GFLOP/s");
        }
    }
}
