using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// Gaussian-smoothed coordinate cost c_h(y, a) = E_{Y ~ N(y, h²)} c(Y, a) (closed form from the
/// task's <see cref="ICoordinateCost.ExpectedCost"/>), twice differentiable in a for h &gt; 0.
/// DFL's training-time SAA uses it so that the solver's argmin and the implicit derivative refer to
/// the same smooth problem; h → 0 recovers the raw SAA.
/// </summary>
public sealed class SmoothedCoordinateCost(ICoordinateCost inner, double bandwidth) : ICoordinateCost
{
    public double Bandwidth { get; } = bandwidth;
    public double Cost(double y, double a) => inner.ExpectedCost(y, Bandwidth, a);
    public double DCostDa(double y, double a) => inner.ExpectedCostDerivative(y, Bandwidth, a);

    /// <summary>∂c_h/∂y by central differences of the closed form.</summary>
    public double DCostDy(double y, double a)
    {
        double d = 1e-4 * Bandwidth;
        return (inner.ExpectedCost(y + d, Bandwidth, a) - inner.ExpectedCost(y - d, Bandwidth, a)) / (2 * d);
    }

    public double ExpectedCost(double mean, double std, double a) => inner.ExpectedCost(mean, Math.Sqrt(std * std + Bandwidth * Bandwidth), a);
    public double ExpectedCostDerivative(double mean, double std, double a) => inner.ExpectedCostDerivative(mean, Math.Sqrt(std * std + Bandwidth * Bandwidth), a);
    public bool IsConvexInAction => inner.IsConvexInAction;
    public double OracleAction(double y, double lo, double hi) => inner.OracleAction(y, lo, hi);
}
