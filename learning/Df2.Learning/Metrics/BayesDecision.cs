using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Metrics;

/// <summary>
/// The Bayes-optimal decision under the TRUE mixture: a_B(x) = argmin_{a ∈ box} E_{p(y|x)} f(y, a).
/// The cost is separable, so per coordinate i it minimises
/// h(a) = Σ_k w_k E[c(Y_k, a)], Y_k ~ N((A_k x)[i], 0.1), with the closed-form normal expectations
/// of <see cref="ICoordinateCost.ExpectedCost"/>.
/// Convex c: h' is non-decreasing; the root of h' on [lo, hi] is found by 200 bisection steps
/// (clamped to lo / hi when h' does not change sign) — exact to double precision.
/// Non-convex c: global search on a 2001-point grid over [lo, hi], then every grid local minimum
/// is refined by golden-section search on its two neighbouring grid cells to a bracket of 1e-12;
/// the best refined point (or box end) wins. h is smooth (Gaussian smoothing, σ = √0.1), so two
/// minima within one grid step (0.002 on [−2, 2]) are not a practical concern.
/// </summary>
public static class BayesDecision
{
    private const int GridPoints = 2001;

    /// <summary>h(a) for coordinate i at x.</summary>
    public static double ExpectedCost(ICoordinateCost cost, SyntheticMixture m, double x1, double x2, int i, double a)
    {
        double total = 0;
        for (int k = 0; k < SyntheticMixture.Components; k++)
            total += m.Weights[k] * cost.ExpectedCost(m.ComponentMean(k, i, x1, x2), m.Std, a);
        return total;
    }

    private static double ExpectedDerivative(ICoordinateCost cost, SyntheticMixture m, double x1, double x2, int i, double a)
    {
        double total = 0;
        for (int k = 0; k < SyntheticMixture.Components; k++)
            total += m.Weights[k] * cost.ExpectedCostDerivative(m.ComponentMean(k, i, x1, x2), m.Std, a);
        return total;
    }

    /// <summary>Bayes decision for coordinate i at x.</summary>
    public static double Decide(SyntheticProblem task, SyntheticMixture m, double x1, double x2, int i)
    {
        var c = task.Cost;
        double lo = task.Lo, hi = task.Hi;
        if (c.IsConvexInAction)
        {
            if (ExpectedDerivative(c, m, x1, x2, i, lo) >= 0) return lo;
            if (ExpectedDerivative(c, m, x1, x2, i, hi) <= 0) return hi;
            double l = lo, h = hi;
            for (int it = 0; it < 200 && h - l > 1e-15; it++)
            {
                double mid = 0.5 * (l + h);
                if (ExpectedDerivative(c, m, x1, x2, i, mid) > 0) h = mid; else l = mid;
            }
            return 0.5 * (l + h);
        }
        var values = new double[GridPoints];
        double step = (hi - lo) / (GridPoints - 1);
        for (int g = 0; g < GridPoints; g++) values[g] = ExpectedCost(c, m, x1, x2, i, lo + g * step);
        double best = lo, bestValue = values[0];
        if (values[GridPoints - 1] < bestValue) { best = hi; bestValue = values[GridPoints - 1]; }
        for (int g = 0; g < GridPoints; g++)
        {
            bool localMin = (g == 0 || values[g] <= values[g - 1]) && (g == GridPoints - 1 || values[g] <= values[g + 1]);
            if (!localMin) continue;
            double a = GoldenSection(v => ExpectedCost(c, m, x1, x2, i, v),
                Math.Max(lo, lo + (g - 1) * step), Math.Min(hi, lo + (g + 1) * step));
            double va = ExpectedCost(c, m, x1, x2, i, a);
            if (va < bestValue) { best = a; bestValue = va; }
        }
        return best;
    }

    private static double GoldenSection(Func<double, double> f, double a, double b)
    {
        double r = (Math.Sqrt(5) - 1) / 2;
        double c = b - r * (b - a), d = a + r * (b - a);
        double fc = f(c), fd = f(d);
        while (b - a > 1e-12)
        {
            if (fc <= fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c); }
            else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d); }
        }
        return 0.5 * (a + b);
    }

    /// <summary>Bayes decisions for the given rows, row-major [rows, 2].</summary>
    public static double[] DecideRows(SyntheticProblem task, SyntheticDataset data, int[] rows)
    {
        var result = new double[rows.Length * 2];
        Parallel.For(0, rows.Length, r =>
        {
            double x1 = data.X[2 * rows[r]], x2 = data.X[2 * rows[r] + 1];
            for (int i = 0; i < 2; i++) result[2 * r + i] = Decide(task, data.Mixture, x1, x2, i);
        });
        return result;
    }
}
