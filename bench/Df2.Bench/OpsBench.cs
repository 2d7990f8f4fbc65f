using Df2.Engine;

namespace Df2.Bench;

/// <summary>Per-op overhead on small tensors: each op timed over many calls; reports µs per call (median of 7 repeats).</summary>
public static class OpsBench
{
    public static void Run(BenchArgs a)
    {
        var rng = new Rng(1);
        var x = rng.Uniform(-1, 1, 8, 8); var y = rng.Uniform(-1, 1, 8, 8); var v = rng.Uniform(-1, 1, 8);
        var xg = rng.Uniform(-1, 1, 8, 8); xg.RequiresGrad = true;
        const int inner = 20_000;
        var cases = new (string Name, Action Body)[]
        {
            ("add [8,8]+[8,8] (no grad)", () => x.Add(y)),
            ("add [8,8]+[8] broadcast", () => x.Add(v)),
            ("mul [8,8]*[8,8]", () => x.Mul(y)),
            ("exp [8,8]", () => x.Exp()),
            ("sum(dim=1) [8,8]", () => x.Sum(1)),
            ("softmax(dim=1) [8,8]", () => x.Softmax(1)),
            ("matmul [8,8]x[8,8]", () => x.MatMul(y)),
            ("tanh(x*y+x) fwd+bwd, x requires grad", () => { var l = xg.Mul(y).Add(xg).Tanh().Sum(); l.Backward(); xg.Grad = null; }),
        };
        Console.WriteLine("| op | µs per call (median of 7) |");
        Console.WriteLine("|---|---|");
        foreach (var (name, body) in cases)
        {
            var ts = BenchArgs.Time(7, () => { for (int i = 0; i < inner; i++) body(); });
            Console.WriteLine($"| {name} | {BenchArgs.Median(ts) / inner * 1e6:F2} |");
        }
    }
}
