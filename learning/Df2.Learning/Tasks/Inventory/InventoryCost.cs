using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.Inventory;

/// <summary>
/// Inventory cost per day (App. F.5): c(y, a) = 20(y − a)₊ + 5(a − y)₊ + (a − y)², a ∈ [0, 3].
/// Since (a − y)² = (y − a)₊² + (a − y)₊², this is the synthetic family
/// <see cref="PiecewiseCost"/> with (α, β, γ, δ, ε) = (20, 5, 1, 1, 0), which already supplies
/// the derivatives, the normal-expectation closed form and the per-sample oracle.
/// </summary>
public static class InventoryCost
{
    public const double Understock = 20, Overstock = 5, Quadratic = 1;
    public const double Lo = 0, Hi = 3;

    public static PiecewiseCost Create() => new(Understock, Overstock, Quadratic, Quadratic, 0);

    /// <summary>c(y, a) elementwise on broadcast tensors (the training losses' batched form): 20·relu(y − a) + 5·relu(a − y) + (a − y)².</summary>
    public static Tensor Batched(Tensor y, Tensor a)
    {
        var diff = a - y;
        return nn.functional.relu(-diff) * Understock + nn.functional.relu(diff) * Overstock + diff * diff * Quadratic;
    }

    /// <summary>
    /// E c(Y, a) and d/da E c(Y, a) for Y ~ N(mean, std²), elementwise on broadcast tensors: with z = (a − m)/s,
    /// P = Φ(z), Q = Φ(−z), E(Y−a)₊ = s(φ − zQ), E(a−Y)₊ = s(zP + φ), E(Y−a)₊² = s²((1+z²)Q − zφ),
    /// E(a−Y)₊² = s²((1+z²)P + zφ): E c = 20E(Y−a)₊ + 5E(a−Y)₊ + E(Y−a)₊² + E(a−Y)₊²,
    /// d/da E c = −20Q + 5P − 2E(Y−a)₊ + 2E(a−Y)₊ (the closed forms of <see cref="PiecewiseCost"/>).
    /// </summary>
    public static (Tensor Value, Tensor Slope) BatchedExpected(Tensor mean, double std, Tensor a)
    {
        var z = (a - mean) / std;
        var phi = NormalTensors.Pdf(z);
        var p = NormalTensors.Cdf(z);
        var q = NormalTensors.Cdf(-z);
        var up = ((phi - z * q) * std).clamp_min(0);
        var down = ((z * p + phi) * std).clamp_min(0);
        var up2 = (((z * z + 1) * q - z * phi) * (std * std)).clamp_min(0);
        var down2 = (((z * z + 1) * p + z * phi) * (std * std)).clamp_min(0);
        var value = up * Understock + down * Overstock + up2 * Quadratic + down2 * Quadratic;
        var slope = q * -Understock + p * Overstock - up * (2 * Quadratic) + down * (2 * Quadratic);
        return (value, slope);
    }

    /// <summary>The formula written out directly (used by the tests to cross-check <see cref="Create"/>).</summary>
    public static double Direct(double y, double a)
        => Understock * Math.Max(y - a, 0) + Overstock * Math.Max(a - y, 0) + (a - y) * (a - y);
}
