using Df2.Kernels.Ops;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.Wind;

/// <summary>
/// Negative wind-bidding profit for one hour (App. F.3), minimised. With energy bid a = a_E,
/// reserve r = a_R and realised power y:
/// c(y, a) = −P·y + ν·r + { ΔP_up1(a−r−y) + ΔP_up2(a−r−y)² + μ·r + F   if y &lt; a − r   (overbid)
///                         { μ(a − y)                                     if a − r ≤ y ≤ a (reserve covers)
///                         { ΔP_down(y − a)                               if y &gt; a       (underbid).
/// Constants: P = 100, ν = 20, μ = 110, ΔP_up1 = 200, ΔP_up2 = 100, ΔP_down = 20, F = 10;
/// a ∈ [E_min, E_max] = [0, 4]; r is fixed at R_min = 0.15 as the paper states (a_R* = R_min),
/// which <see cref="TwoActionCost"/> lets a test check. The F jump at y = a − r makes c
/// discontinuous (not convex) in a. The cost itself (scalar and tensor forms) is the kernels' <see cref="Coefficients"/>,
/// the same one DF2's fused weighted kernel evaluates.
/// </summary>
public sealed class WindBiddingCost(double reserve = WindBiddingCost.RMin) : ICoordinateCost
{
    public const double P = 100, Nu = 20, Mu = 110, DPUp1 = 200, DPUp2 = 100, DPDown = 20, F = 10;
    public const double EMin = 0, EMax = 4, RMin = 0.15, RMax = 4;

    public double Reserve { get; } = reserve;

    /// <summary>These constants with reserve r for the scalar and tensor cost and the fused kernels of Df2.Kernels.Ops.</summary>
    public WindBiddingCoefficients Coefficients { get; } = new(P, Nu, Mu, DPUp1, DPUp2, DPDown, F, reserve);

    /// <summary>The fused kernels' form: h by segment of y − a, p = −P·y, q = ν·r.</summary>
    public CoordinateCost Fused => Coefficients;

    public bool IsConvexInAction => false;

    /// <summary>c(y, a): the kernels' scalar reference (<see cref="WindBiddingCoefficients.Cost(double, double)"/>).</summary>
    public double Cost(double y, double a) => Coefficients.Cost(y, a);

    /// <summary>The cost as a function of both decisions (a_E, a_R), for checking the a_R* = R_min claim.</summary>
    public static double TwoActionCost(double y, double aE, double aR) => new WindBiddingCost(aR).Cost(y, aE);

    /// <summary>
    /// c(y, a) elementwise on broadcast tensors (the training losses' batched form of <see cref="Cost"/>, by segment with
    /// <c>where</c>; autograd gives ∂c/∂a and ∂c/∂y of the active segment, the F jump has none):
    /// <see cref="WindBiddingCoefficients.Cost(Tensor, Tensor)"/>.
    /// </summary>
    public Tensor Batched(Tensor y, Tensor a) => Coefficients.Cost(y, a);

    /// <summary>∂c/∂y = −P + {−ΔP_up1 − 2ΔP_up2(a−r−y); −μ; +ΔP_down} by segment.</summary>
    public double DCostDy(double y, double a)
    {
        double r = Reserve;
        if (y < a - r) return -P - DPUp1 - 2 * DPUp2 * (a - r - y);
        if (y <= a) return -P - Mu;
        return -P + DPDown;
    }

    /// <summary>∂c/∂a = {ΔP_up1 + 2ΔP_up2(a−r−y); μ; −ΔP_down} by segment (the F jump has no derivative).</summary>
    public double DCostDa(double y, double a)
    {
        double r = Reserve;
        if (y < a - r) return DPUp1 + 2 * DPUp2 * (a - r - y);
        if (y <= a) return Mu;
        return -DPDown;
    }

    /// <summary>
    /// E c(Y, a), Y ~ N(m, s²), with d = a − r, z_d = (d−m)/s, z_a = (a−m)/s and the partial
    /// moments E(d−Y)₊ = s(z_dΦ(z_d) + φ(z_d)), E(d−Y)₊² = s²((1+z_d²)Φ(z_d) + z_dφ(z_d)),
    /// E(Y−a)₊ = s(φ(z_a) − z_a(1−Φ(z_a))):
    /// E c = −Pm + νr + ΔP_up1 E(d−Y)₊ + ΔP_up2 E(d−Y)₊² + (μr + F)Φ(z_d)
    ///       + μ[E(a−Y)₊ − E(d−Y)₊ − rΦ(z_d)] + ΔP_down E(Y−a)₊.
    /// </summary>
    public double ExpectedCost(double mean, double std, double a)
    {
        double r = Reserve, d = a - r;
        var (_, cdfD, downD, down2D) = Partial(mean, std, d);
        var (_, cdfA, downA, _) = Partial(mean, std, a);
        double za = (a - mean) / std;
        double upA = std * (NormalMath.Pdf(za) - za * (1 - cdfA));
        return -P * mean + Nu * r + DPUp1 * downD + DPUp2 * down2D + (Mu * r + F) * cdfD
            + Mu * (downA - downD - r * cdfD) + DPDown * upA;
    }

    /// <summary>
    /// d/da E c = ΔP_up1 Φ(z_d) + 2ΔP_up2 E(d−Y)₊ + F φ(z_d)/s + μ(Φ(z_a) − Φ(z_d)) − ΔP_down(1 − Φ(z_a));
    /// the F φ(z_d)/s term is the expected effect of the jump.
    /// </summary>
    public double ExpectedCostDerivative(double mean, double std, double a)
    {
        double r = Reserve, d = a - r;
        var (phiD, cdfD, downD, _) = Partial(mean, std, d);
        double cdfA = NormalMath.Cdf((a - mean) / std);
        return DPUp1 * cdfD + 2 * DPUp2 * downD + F * phiD / std + Mu * (cdfA - cdfD) - DPDown * (1 - cdfA);
    }

    /// <summary>
    /// <see cref="ExpectedCost"/> and <see cref="ExpectedCostDerivative"/> elementwise on broadcast tensors (mean, a) with
    /// one std — the same closed forms, for the plain-torch path of DFL's smoothed SAA argmin.
    /// </summary>
    public (Tensor Value, Tensor Slope) BatchedExpected(Tensor mean, double std, Tensor a)
    {
        double r = Reserve;
        var d = a - r;
        var zd = (d - mean) / std;
        var za = (a - mean) / std;
        var phiD = NormalTensors.Pdf(zd);
        var cdfD = NormalTensors.Cdf(zd);
        var phiA = NormalTensors.Pdf(za);
        var cdfA = NormalTensors.Cdf(za);
        var downD = (zd * cdfD + phiD).clamp_min(0) * std;                                   // E(d−Y)₊
        var down2D = ((zd * zd + 1) * cdfD + zd * phiD).clamp_min(0) * (std * std);          // E(d−Y)₊²
        var downA = (za * cdfA + phiA).clamp_min(0) * std;                                   // E(a−Y)₊
        var upA = (phiA - za * (1 - cdfA)) * std;                                            // E(Y−a)₊
        var value = mean * -P + Nu * r + downD * DPUp1 + down2D * DPUp2 + cdfD * (Mu * r + F)
            + (downA - downD - cdfD * r) * Mu + upA * DPDown;
        var slope = cdfD * DPUp1 + downD * (2 * DPUp2) + phiD * (F / std) + (cdfA - cdfD) * Mu - (1 - cdfA) * DPDown;
        return (value, slope);
    }

    private static (double Phi, double Cdf, double Down, double Down2) Partial(double m, double s, double t)
    {
        double z = (t - m) / s, phi = NormalMath.Pdf(z), cdf = NormalMath.Cdf(z);
        double down = s * (z * cdf + phi);
        double down2 = s * s * ((1 + z * z) * cdf + z * phi);
        return (phi, cdf, Math.Max(down, 0), Math.Max(down2, 0));
    }

    /// <summary>
    /// argmin over a ∈ [lo, hi] of c(y, ·). Underbidding costs ΔP_down per unit below y, the reserve
    /// band costs μ per unit above y, overbidding costs at least μr + F: the minimum is a = clamp(y, lo, hi).
    /// </summary>
    public double OracleAction(double y, double lo, double hi) => Math.Clamp(y, lo, hi);
}
