using Df2.Learning.Tasks.Inventory;
using static TorchSharp.torch;

namespace Df2.RealWorld.Tests.Plain;

/// <summary>Inventory cost 20(y−a)₊ + 5(a−y)₊ + (a−y)² (App. F.5) at and around its kink.</summary>
public class InventoryCostTests
{
    private readonly Df2.Learning.Tasks.PiecewiseCost _cost = InventoryCost.Create();

    [Theory]
    [InlineData(1.0, 1.0, 0.0)]       // at the kink
    [InlineData(1.0, 0.5, 10.25)]     // understock: 20·0.5 + 0.25
    [InlineData(1.0, 1.5, 2.75)]      // overstock: 5·0.5 + 0.25
    [InlineData(2.0, 0.0, 44.0)]      // 20·2 + 4
    [InlineData(0.0, 3.0, 24.0)]      // 5·3 + 9
    public void Hand_computed_values(double y, double a, double expected)
    {
        Assert.Equal(expected, _cost.Cost(y, a), 12);
        Assert.Equal(expected, InventoryCost.Direct(y, a), 12);
    }

    [Fact]
    public void Slopes_on_both_sides_of_the_kink()
    {
        // d/da just below y: −20 − 2(y−a) → −20; just above: +5 + 2(a−y) → +5
        Assert.Equal(-20.0, _cost.DCostDa(1.0, 1.0 - 1e-9), 6);
        Assert.Equal(5.0, _cost.DCostDa(1.0, 1.0 + 1e-9), 6);
        Assert.Equal(-21.0, _cost.DCostDa(1.0, 0.5), 12);
        Assert.Equal(6.0, _cost.DCostDa(1.0, 1.5), 12);
    }

    [Fact]
    public void Matches_the_direct_formula_on_a_grid_and_oracle_is_y_clamped()
    {
        for (double y = -0.5; y <= 4; y += 0.25)
        {
            for (double a = 0; a <= 3; a += 0.125) Assert.Equal(InventoryCost.Direct(y, a), _cost.Cost(y, a), 10);
            Assert.Equal(Math.Clamp(y, 0, 3), _cost.OracleAction(y, InventoryCost.Lo, InventoryCost.Hi), 10);
        }
    }

    [Fact]
    public void Batched_cost_gives_the_hand_computed_values_and_slopes()
    {
        double[] y = [1.0, 1.0, 1.0, 2.0, 0.0], a = [1.0, 0.5, 1.5, 0.0, 3.0];
        var at = tensor(a).requires_grad_();
        var c = InventoryCost.Batched(tensor(y), at);
        Assert.Equal([0.0, 10.25, 2.75, 44.0, 24.0], c.detach().data<double>().ToArray().Select(v => Math.Round(v, 12)));
        c.sum().backward();
        // ∂c/∂a: understock −20 − 2(y−a), overstock 5 + 2(a−y); at the kink relu's subgradient 0 (−0 + 0 + 0)
        Assert.Equal([0.0, -21.0, 6.0, -24.0, 11.0], at.grad!.data<double>().ToArray().Select(v => Math.Round(v, 12)));
        for (double yy = -0.5; yy <= 4; yy += 0.25)
            for (double aa = 0; aa <= 3; aa += 0.125)
                Assert.Equal(InventoryCost.Direct(yy, aa), InventoryCost.Batched(tensor(yy), tensor(aa)).item<double>(), 10);
    }
}
