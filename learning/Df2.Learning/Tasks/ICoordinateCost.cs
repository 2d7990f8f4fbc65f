using Df2.Kernels.Ops;

namespace Df2.Learning.Tasks;

/// <summary>
/// A cost that is separable over coordinates: f(y, a) = Σᵢ c(y[i], a[i]). A task supplies the
/// scalar c, its partial derivatives (used by the fused pairwise-cost kernel and the test-time
/// solver), the closed-form expectation of c under a normal y (used for the exact lower bound),
/// and the per-sample optimum a*(y) over an interval.
/// </summary>
public interface ICoordinateCost
{
    /// <summary>c(y, a).</summary>
    double Cost(double y, double a);

    /// <summary>∂c/∂y.</summary>
    double DCostDy(double y, double a);

    /// <summary>∂c/∂a.</summary>
    double DCostDa(double y, double a);

    /// <summary>E[c(Y, a)] for Y ~ N(mean, std²), closed form.</summary>
    double ExpectedCost(double mean, double std, double a);

    /// <summary>d/da E[c(Y, a)] for Y ~ N(mean, std²), closed form.</summary>
    double ExpectedCostDerivative(double mean, double std, double a);

    /// <summary>
    /// The kernels' form of this cost (h(y − a) + p(y) + q(a)), when it has one: DF2's eq. 4 on a separable task then runs
    /// the fused <see cref="WeightedSeparableCost"/> kernel instead of the [B, J, S] table. A cost declares it; no task overrides anything.
    /// </summary>
    CoordinateCost? Fused => null;

    /// <summary>True when c(y, ·) is convex for every y.</summary>
    bool IsConvexInAction { get; }

    /// <summary>
    /// Σ_m w[m]·c(y[m], a) and its derivative in a — the inner loop of the test-time solver.
    /// </summary>
    (double Value, double Derivative) WeightedCostAndDerivative(ReadOnlySpan<double> y, ReadOnlySpan<double> w, double a)
    {
        double v = 0, d = 0;
        for (int m = 0; m < y.Length; m++) { v += w[m] * Cost(y[m], a); d += w[m] * DCostDa(y[m], a); }
        return (v, d);
    }

    /// <summary>argmin over a ∈ [lo, hi] of c(y, a), exact (y known: the per-sample oracle a*(y)).</summary>
    double OracleAction(double y, double lo, double hi);
}
