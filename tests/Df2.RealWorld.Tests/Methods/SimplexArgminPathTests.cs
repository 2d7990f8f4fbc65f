using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>
/// DFL's simplex argmin: the plain-torch path (<see cref="SimplexArgminTorch"/>) against finite differences of its own
/// solver, and against the host path on random cases with active and inactive bounds and on a SEIRV case.
/// </summary>
public class SimplexArgminPathTests(ITestOutputHelper output)
{
    private const int K = 6, M = 3;

    /// <summary>(â, ∂L/∂ŷ) of the function for L = Σ up·â, in double precision.</summary>
    private static (double[] A, double[] G) Run(SimplexDecisions problem, double[] y, long[] shape, double[] up, bool plain)
    {
        var samples = tensor(y, shape).requires_grad_();
        var a = SimplexArgminFunction.Apply(problem, samples, plain: plain);
        (a * tensor(up, [shape[0], problem.ADim])).sum().backward();
        return (a.detach().data<double>().ToArray(), samples.grad!.data<double>().ToArray());
    }

    [Fact]
    public void Plain_path_backward_matches_finite_differences_of_the_plain_solver()
    {
        var problem = QuadraticSimplexCase.Problem(K);
        var y = QuadraticSimplexCase.Samples(new Random(3), K, M, [[1, 4]]);
        double[] up = [0.3, -1.0, 0.5, 0.2, 0.7, -0.4];
        var (a, g) = Run(problem, y, [1, M, 2 * K], up, plain: true);
        output.WriteLine($"â = [{string.Join(", ", a.Select(v => v.ToString("G4")))}]");
        Assert.Equal(4, a.Count(v => v > SimplexArgminFunction.ActiveThreshold * problem.Budget));
        // central differences of upᵀ â(ŷ) through the plain solver, all perturbed rows solved as one batch
        int d = 2 * K;
        int[] entries = [0, 2, 5, K + 0, K + 3, d + 2, d + K + 5, 2 * d + 1, 2 * d + K + 4, 2 * d + K + 1];
        const double h = 1e-4;
        var batch = new double[2 * entries.Length * M * d];
        for (int e = 0; e < entries.Length; e++)
            for (int sign = 0; sign < 2; sign++)
            {
                var row = (double[])y.Clone();
                row[entries[e]] += sign == 0 ? h : -h;
                row.CopyTo(batch, (2 * e + sign) * M * d);
            }
        double[] solved;
        using (no_grad()) solved = SimplexArgminFunction.Apply(problem, tensor(batch, [2 * entries.Length, M, d]), plain: true).data<double>().ToArray();
        double Objective(int row) => Enumerable.Range(0, K).Sum(i => up[i] * solved[row * K + i]);
        double scale = g.Max(Math.Abs);
        Assert.True(scale > 0, "interior coordinates give a non-zero derivative");
        for (int e = 0; e < entries.Length; e++)
        {
            double fd = (Objective(2 * e) - Objective(2 * e + 1)) / (2 * h);
            int i = entries[e];
            output.WriteLine($"ŷ[{i}]: implicit {g[i]:G8}, FD {fd:G8}");
            Assert.True(Math.Abs(g[i] - fd) <= 1e-5 * Math.Abs(fd) + 1e-7 * scale, $"ŷ[{i}]: implicit {g[i]}, FD {fd}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Host_and_plain_paths_agree_on_random_cases(int seed)
    {
        var rng = new Random(100 + seed);
        var problem = QuadraticSimplexCase.Problem(K);
        int[][] active = [[rng.Next(K)], [], [0, 1, 2, 3, 5], [2, 4]];                // one bound, none, a vertex, two
        var y = QuadraticSimplexCase.Samples(rng, K, M, active);
        var up = Enumerable.Range(0, active.Length * K).Select(_ => rng.NextDouble() - 0.5).ToArray();
        long[] shape = [active.Length, M, 2 * K];
        var host = Run(problem, y, shape, up, plain: false);
        var plain = Run(problem, y, shape, up, plain: true);
        for (int r = 0; r < active.Length; r++)
            for (int i = 0; i < K; i++)
            {
                double a = host.A[r * K + i];
                bool free = a > SimplexArgminFunction.ActiveThreshold * problem.Budget;
                Assert.Equal(!active[r].Contains(i), free);                              // the intended face, far from the threshold
                Assert.True(free ? a > 0.05 : a < 1e-100, $"row {r}, â[{i}] = {a} is near the threshold");
            }
        Compare(host, plain, 1e-9, 1e-7);
        Assert.All(plain.G.AsSpan(2 * M * 2 * K, M * 2 * K).ToArray(), v => Assert.Equal(0.0, v));   // the vertex row
    }

    [Fact]
    public void Host_and_plain_paths_agree_on_a_seirv_case()
    {
        var (problem, y, m) = SeirvSimplexCase.Interior(300);
        double[] up = [0.3, -1.0, 0.5, 0.2, 0.7];
        long[] shape = [1, m, problem.YDim];
        var yd = y.Select(v => (double)v).ToArray();
        var host = Run(problem, yd, shape, up, plain: false);
        var plain = Run(problem, yd, shape, up, plain: true);
        output.WriteLine($"â = [{string.Join(", ", host.A.Select(v => v.ToString("F1")))}]");
        Assert.True(host.A.Count(v => v > SimplexArgminFunction.ActiveThreshold * problem.Budget) >= 3, "an interior face");
        Compare(host, plain, 1e-9, 1e-5);
    }

    /// <summary>â within <paramref name="aTol"/> of Σâ (rows × Budget) and ∂L/∂ŷ within <paramref name="gTol"/> of the largest entry.</summary>
    private void Compare((double[] A, double[] G) host, (double[] A, double[] G) plain, double aTol, double gTol)
    {
        double aScale = host.A.Sum(), gScale = host.G.Max(Math.Abs);
        double worstA = host.A.Zip(plain.A, (p, q) => Math.Abs(p - q)).Max() / aScale;
        double worstG = host.G.Zip(plain.G, (p, q) => Math.Abs(p - q)).Max() / gScale;
        output.WriteLine($"largest difference: â {worstA:G3} (of Σâ), ∂L/∂ŷ {worstG:G3} (of max |∂L/∂ŷ| = {gScale:G4})");
        Assert.True(gScale > 0, "some row must be interior (non-zero derivative)");
        Assert.True(worstA <= aTol, $"â differs by {worstA} of Σâ");
        Assert.True(worstG <= gTol, $"∂L/∂ŷ differs by {worstG} of its largest entry");
    }
}
