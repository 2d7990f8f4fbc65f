using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// Constants of the wind-bidding cost (DF2 paper, App. F.3), one hour, minimised: with energy bid a,
/// reserve r (fixed at R_min) and realised power y,
/// c(y, a) = −P·y + ν·r + { ΔP_up1(a−r−y) + ΔP_up2(a−r−y)² + μ·r + F   if y &lt; a − r   (overbid)
///                         { μ(a − y)                                     if a − r ≤ y ≤ a (reserve covers)
///                         { ΔP_down(y − a)                               if y &gt; a       (underbid).
/// Gradients use the segment that contains the point (ends belong to the reserve band); the F jump has none.
/// </summary>
public sealed record WindBiddingCoefficients(double Price, double Nu, double Mu, double UpLinear, double UpQuadratic,
    double Down, double Penalty, double Reserve) : CoordinateCost
{
    /// <summary>The paper's constants: P 100, ν 20, μ 110, ΔP_up1 200, ΔP_up2 100, ΔP_down 20, F 10, r = R_min 0.15.</summary>
    public static WindBiddingCoefficients Paper { get; } = new(100, 20, 110, 200, 100, 20, 10, 0.15);

    /// <summary>c(y, a), scalar reference.</summary>
    public override double Cost(double y, double a)
    {
        double baseline = -Price * y + Nu * Reserve, over = a - Reserve - y;
        if (over > 0) return baseline + UpLinear * over + UpQuadratic * over * over + Mu * Reserve + Penalty;
        return baseline + (y <= a ? Mu * (a - y) : Down * (y - a));
    }

    /// <summary>
    /// c(y, a) elementwise with broadcasting, as plain libtorch ops (any device, any float dtype; autograd
    /// through where picks the segment's gradient).
    /// </summary>
    public override Tensor Cost(Tensor y, Tensor a)
    {
        using var scope = NewDisposeScope();
        var d = a - y;
        var over = d - Reserve;
        var overbid = over * UpLinear + over.square() * UpQuadratic + (Mu * Reserve + Penalty);
        var band = where(d >= 0, d * Mu, d * -Down);
        return (where(over > 0, overbid, band) + (y * -Price + Nu * Reserve)).MoveToOuterDisposeScope();
    }

    internal override Tensor FusedForward(Tensor values, Tensor weights, Tensor actions) =>
        WeightedCostPass<WindBiddingTerms>.Forward(new WindBiddingTerms(this), values, weights, actions);

    internal override Tensor?[] FusedBackward(Tensor values, Tensor weights, Tensor actions, Tensor gradOutput, bool[] needs) =>
        WeightedCostPass<WindBiddingTerms>.Backward(new WindBiddingTerms(this), values, weights, actions, gradOutput, needs);
}
