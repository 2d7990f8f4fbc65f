using Df2.Engine;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// â = argmin_{a ∈ [lo, hi]^D} (1/M) Σ_m f(ŷ_m, a) for separable f, as a differentiable op of the
/// samples ŷ [B, M, D] → â [B, D] (DFL, Donti et al. 2017).
/// The SAA objective is smoothed by a Gaussian kernel of bandwidth h,
/// H(a) = (1/M) Σ_m E_{Y~N(ŷ_m, h²)} c(Y, a) (closed form, <see cref="SmoothedCoordinateCost"/>) — the
/// local model that makes the piecewise-linear costs twice differentiable (the raw SAA has zero
/// curvature almost everywhere, so unrolled solver steps would give zero gradient as well).
/// Forward: the shared projected-Adam solver on H, per coordinate.
/// Backward: implicit differentiation of the optimality condition H'(â) = 0 at the solver's solution. With H_m = the m-th term:
/// dâ/dŷ_m = −(∂²H_m/∂ŷ_m∂a)(â) / H''(â), both second derivatives by central differences of the closed-form
/// first derivative. When â sits on a bound with |H'(â)| above tolerance, or H''(â) ≤ 0 (locally
/// non-convex), dâ/dŷ = 0.
/// </summary>
public static class SaaArgminOp
{
    public static Tensor Apply(ICoordinateCost cost, double lo, double hi, ProjectedAdamSolver solver, Tensor samples, double bandwidth)
    {
        int b = samples.Shape[0], m = samples.Shape[1], d = samples.Shape[2];
        var y = Array.ConvertAll(samples.ToArray(), v => (double)v);
        var a = new double[b * d];
        var grad = new double[b * m * d]; // dâ[b,i]/dŷ[b,m,i]
        var w = Enumerable.Repeat(1.0 / m, m).ToArray();
        var smooth = new SmoothedCoordinateCost(cost, bandwidth);
        Parallel.For(0, b, r =>
        {
            var col = new double[m];
            for (int i = 0; i < d; i++)
            {
                for (int s = 0; s < m; s++) col[s] = y[(r * m + s) * d + i];
                double ah = solver.SolveCoordinate(smooth, lo, hi, col, w);
                a[r * d + i] = ah;
                ImplicitWeights(cost, lo, hi, col, ah, bandwidth, grad, r, i, m, d);
            }
        });
        var outData = Array.ConvertAll(a, v => (float)v);
        return Tensor.Custom("saa_argmin", outData, [b, d], [samples], g =>
        {
            var go = g.ToArray();
            var gy = new float[b * m * d];
            for (int r = 0; r < b; r++)
                for (int s = 0; s < m; s++)
                    for (int i = 0; i < d; i++)
                        gy[(r * m + s) * d + i] = (float)(go[r * d + i] * grad[(r * m + s) * d + i]);
            return [Tensor.FromArray(gy, b, m, d)];
        });
    }

    private static void ImplicitWeights(ICoordinateCost cost, double lo, double hi, double[] col, double ah, double h,
        double[] grad, int r, int i, int m, int d)
    {
        double delta = 1e-3 * h;
        double first = 0, second = 0;
        var cross = new double[m];
        for (int s = 0; s < m; s++)
        {
            first += cost.ExpectedCostDerivative(col[s], h, ah) / m;
            second += (cost.ExpectedCostDerivative(col[s], h, ah + delta) - cost.ExpectedCostDerivative(col[s], h, ah - delta)) / (2 * delta) / m;
            cross[s] = (cost.ExpectedCostDerivative(col[s] + delta, h, ah) - cost.ExpectedCostDerivative(col[s] - delta, h, ah)) / (2 * delta) / m;
        }
        bool onBound = (ah <= lo + 1e-9 && first > 1e-6 * Math.Max(1, Math.Abs(second))) || (ah >= hi - 1e-9 && first < -1e-6 * Math.Max(1, Math.Abs(second)));
        if (onBound || second <= 1e-12) return; // gradient stays zero
        for (int s = 0; s < m; s++) grad[(r * m + s) * d + i] = -cross[s] / second;
    }
}
