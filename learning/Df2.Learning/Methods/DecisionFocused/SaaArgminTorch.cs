using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// The plain-torch path of <see cref="SaaArgminFunction"/> (any device, float64, no host round trip): the shared
/// projected-Adam rule (<see cref="Solvers.ProjectedAdamSolver"/>: K starts per coordinate at lo + (hi − lo)·k/(K−1),
/// β = (0.9, 0.999), ε = 1e-8, clamp onto [lo, hi], each run keeps its best iterate, the first start with the
/// lowest value wins) run for every (row, coordinate, start) at once on the smoothed SAA
/// H(a) = (1/M) Σ_m E_{Y~N(ŷ_m, h²)} c(Y, a), then the implicit weights
/// J[b, m, i] = −(∂²H_m/∂ŷ_m∂a)(â) / H''(â) by the same central differences of the closed-form slope
/// (zero on an active bound or where H''(â) ≤ 1e-12).
/// </summary>
public static class SaaArgminTorch
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    /// <summary>(â [B, D], J [B, M, D]) in the samples' dtype and device.</summary>
    public static (Tensor AHat, Tensor Weights) Solve(SaaArgminFunction.Problem problem, Tensor samples)
    {
        var expected = problem.Expected ?? throw new InvalidOperationException(
            "the plain-torch SAA argmin needs the task's tensor form of the expected cost (Problem.Expected)");
        var solver = problem.Solver;
        double lo = problem.Lo, hi = problem.Hi, h = problem.Bandwidth, lr = solver.LearningRate;
        long b = samples.shape[0], m = samples.shape[1], d = samples.shape[2];
        int k = solver.Starts;
        using var outer = NewDisposeScope();
        using var _ = no_grad();
        var y = samples.detach().to(ScalarType.Float64).permute(0, 2, 1);                      // [B, D, M]
        var column = y.unsqueeze(-1);                                                            // [B, D, M, 1]
        var starts = Enumerable.Range(0, k).Select(s => k == 1 ? 0.5 * (lo + hi) : lo + (hi - lo) * s / (k - 1)).ToArray();
        var a = tensor(starts, dtype: ScalarType.Float64, device: samples.device).expand(b, d, k).clone();
        var mom = zeros_like(a); var vel = zeros_like(a);
        var best = zeros_like(a); var bestValue = full_like(a, double.PositiveInfinity);
        (Tensor Value, Tensor Slope) H(Tensor at)
        {
            var (v, g) = expected(column, h, at.unsqueeze(2));                                  // [B, D, M, K]
            return (v.sum(2L) / m, g.sum(2L) / m);
        }
        void Keep(Tensor value, Tensor at)
        {
            var better = value < bestValue;
            Replace(ref bestValue, where(better, value, bestValue));
            Replace(ref best, where(better, at, best));
        }
        double b1 = 1, b2 = 1;
        for (int t = 1; t <= solver.Steps; t++)
        {
            using var step = NewDisposeScope();
            var (value, g) = H(a);
            Keep(value, a);
            Replace(ref mom, mom * Beta1 + g * (1 - Beta1));
            Replace(ref vel, vel * Beta2 + g * g * (1 - Beta2));
            b1 *= Beta1; b2 *= Beta2;
            Replace(ref a, (a - mom / (1 - b1) * lr / ((vel / (1 - b2)).sqrt() + Eps)).clamp(lo, hi));
        }
        using (NewDisposeScope()) Keep(H(a).Value, a);
        var pick = bestValue.argmin(-1L, keepdim: true);                                        // first start with the lowest value
        var aHat = best.gather(-1, pick);                                                        // [B, D, 1]
        var weights = ImplicitWeights(expected, y, aHat, h, lo, hi);                             // [B, D, M]
        return (aHat.squeeze(-1).to(samples.dtype).MoveToOuterDisposeScope(),
                weights.permute(0, 2, 1).to(samples.dtype).contiguous().MoveToOuterDisposeScope());
    }

    /// <summary>Carries <paramref name="next"/> out of the current (per-step) dispose scope and frees the state it replaces.</summary>
    private static void Replace(ref Tensor slot, Tensor next)
    {
        next.MoveToOuterDisposeScope();
        slot.Dispose();
        slot = next;
    }

    /// <summary>−cross/second per sample, zero on an active bound or without positive curvature (see the class).</summary>
    private static Tensor ImplicitWeights(Func<Tensor, double, Tensor, (Tensor Value, Tensor Slope)> expected, Tensor y, Tensor aHat,
        double h, double lo, double hi)
    {
        double delta = 1e-3 * h;
        long m = y.shape[2];
        Tensor Slope(Tensor yy, Tensor aa) => expected(yy, h, aa).Slope;
        var first = Slope(y, aHat).sum(-1L, keepdim: true) / m;                                 // H'(â)
        var second = ((Slope(y, aHat + delta) - Slope(y, aHat - delta)) / (2 * delta)).sum(-1L, keepdim: true) / m; // H''(â)
        var cross = (Slope(y + delta, aHat) - Slope(y - delta, aHat)) / (2 * delta) / m;        // ∂²H_m/∂ŷ_m∂a
        var tol = second.abs().clamp_min(1) * 1e-6;
        var onBound = ((aHat <= lo + 1e-9) & (first > tol)) | ((aHat >= hi - 1e-9) & (first < -tol));
        var zero = onBound | (second <= 1e-12);
        return where(zero, zeros_like(cross), -cross / second);
    }
}
