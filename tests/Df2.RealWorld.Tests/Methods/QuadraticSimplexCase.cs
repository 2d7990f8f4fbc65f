using Df2.Learning.Tasks;
using Df2.Learning.Tasks.Vaccine;
using static TorchSharp.torch;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>
/// A smooth budget-simplex problem for the simplex argmin's checks, with y = (u, c) ∈ ℝ^{2K} and budget 1:
/// f(y, a) = Σᵢ (½ e^{uᵢ} aᵢ² − cᵢaᵢ) + ½κ(Σᵢ cᵢaᵢ)², κ = 0.2, so
/// ∇_a f = e^{uᵢ}aᵢ − cᵢ + κ s cᵢ, ∂f/∂uᵢ = ½ e^{uᵢ}aᵢ², ∂f/∂cᵢ = −aᵢ + κ s aᵢ (s = Σ cᵢaᵢ).
/// Coordinates with cᵢ ∈ [0.2, 0.4] end interior (âᵢ ≈ 0.2–0.3), those with cᵢ = −4 on the bound âᵢ = 0 (their
/// gradient at 0 exceeds the multiplier by ~3.7, so mirror descent drives them to its 1e-300 floor: no ties with
/// the active threshold). Mirror descent with η = 1 contracts the free coordinates by ~0.75 a step: 400 steps converge.
/// </summary>
internal static class QuadraticSimplexCase
{
    private const double Kappa = 0.2;

    public static SimplexDecisions Problem(int k, int steps = 400) =>
        new(k, 2 * k, 1.0, new MirrorDescentSolver(steps, 1.0), y => new Scenario(y), PairCosts);

    /// <summary>Samples [B, M, 2K]: per row, <paramref name="active"/>[row] lists the coordinates with cᵢ = −4.</summary>
    public static double[] Samples(Random rng, int k, int m, int[][] active)
    {
        int d = 2 * k;
        var y = new double[active.Length * m * d];
        for (int r = 0; r < active.Length; r++)
        {
            var u = Enumerable.Range(0, k).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var c = Enumerable.Range(0, k).Select(i => active[r].Contains(i) ? -4.0 : 0.2 + 0.2 * rng.NextDouble()).ToArray();
            for (int s = 0; s < m; s++)
                for (int i = 0; i < k; i++)
                {
                    y[(r * m + s) * d + i] = u[i] + 0.1 * (rng.NextDouble() - 0.5);
                    y[(r * m + s) * d + k + i] = c[i] + 0.02 * (rng.NextDouble() - 0.5);
                }
        }
        return y;
    }

    /// <summary>out[l, p, s] = f(y[l, s], a[l, p]) as torch operations.</summary>
    private static Tensor PairCosts(Tensor y, Tensor a)
    {
        long k = a.shape[2];
        var e = y[.., .., ..(int)k].exp().unsqueeze(1);                                  // [L, 1, S, K]
        var c = y[.., .., (int)k..].unsqueeze(1);
        var aa = a.unsqueeze(2);                                                          // [L, P, 1, K]
        var s = (c * aa).sum(-1L);
        return (e * aa.square() * 0.5 - c * aa).sum(-1L) + s.square() * (0.5 * Kappa);
    }

    private sealed class Scenario(double[] y) : IScenarioCost
    {
        public double Cost(ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY)
        {
            int k = a.Length;
            double s = 0, v = 0;
            for (int i = 0; i < k; i++) s += y[k + i] * a[i];
            for (int i = 0; i < k; i++)
            {
                double e = Math.Exp(y[i]);
                v += 0.5 * e * a[i] * a[i] - y[k + i] * a[i];
                if (!gradA.IsEmpty) gradA[i] = e * a[i] - y[k + i] + Kappa * s * y[k + i];
                if (!gradY.IsEmpty) { gradY[i] = 0.5 * e * a[i] * a[i]; gradY[k + i] = -a[i] + Kappa * s * a[i]; }
            }
            return v + 0.5 * Kappa * s * s;
        }
    }
}
