using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.Learning.RealWorld.Inventory;

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

    /// <summary>The formula written out directly (used by the tests to cross-check <see cref="Create"/>).</summary>
    public static double Direct(double y, double a)
        => Understock * Math.Max(y - a, 0) + Overstock * Math.Max(a - y, 0) + (a - y) * (a - y);
}
