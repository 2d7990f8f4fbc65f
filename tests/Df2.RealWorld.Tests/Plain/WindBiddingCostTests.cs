using Df2.Learning.Tasks.Wind;
using static TorchSharp.torch;

namespace Df2.RealWorld.Tests.Plain;

/// <summary>The wind-bidding cost (App. F.3) against hand-computed values, one per segment.</summary>
public class WindBiddingCostTests
{
    private readonly WindBiddingCost _cost = new();

    [Fact]
    public void Overbid_segment_matches_hand_computation()
    {
        // y=1, a_E=2, a_R=0.15: gap = 0.85; −100·1 + 20·0.15 + 200·0.85 + 100·0.85² + 110·0.15 + 10
        Assert.Equal(-100 + 3 + 170 + 72.25 + 16.5 + 10, _cost.Cost(1.0, 2.0), 9);
        Assert.Equal(171.75, _cost.Cost(1.0, 2.0), 9);
        Assert.Equal(200 + 2 * 100 * 0.85, _cost.DCostDa(1.0, 2.0), 9);
        Assert.Equal(-100 - 200 - 2 * 100 * 0.85, _cost.DCostDy(1.0, 2.0), 9);
    }

    [Fact]
    public void Reserve_segment_matches_hand_computation()
    {
        // y=1.9 lies in [a−r, a] = [1.85, 2]: −190 + 3 + 110·0.1 = −176
        Assert.Equal(-176.0, _cost.Cost(1.9, 2.0), 9);
        Assert.Equal(110.0, _cost.DCostDa(1.9, 2.0), 9);
        Assert.Equal(-210.0, _cost.DCostDy(1.9, 2.0), 9);
    }

    [Fact]
    public void Underbid_segment_matches_hand_computation()
    {
        // y=3 > a=2: −300 + 3 + 20·1 = −277
        Assert.Equal(-277.0, _cost.Cost(3.0, 2.0), 9);
        Assert.Equal(-20.0, _cost.DCostDa(3.0, 2.0), 9);
        Assert.Equal(-80.0, _cost.DCostDy(3.0, 2.0), 9);
    }

    [Fact]
    public void Jump_of_F_at_the_overbid_boundary()
    {
        // just inside the reserve band vs just past it: the cost jumps by F = 10 (plus O(ε))
        double y = 1.0, edge = y + WindBiddingCost.RMin;
        double inside = _cost.Cost(y, edge - 1e-9), outside = _cost.Cost(y, edge + 1e-9);
        Assert.Equal(10.0, outside - inside, 5);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.7)]
    [InlineData(5.0)]
    public void Oracle_bids_the_realised_power_clamped(double y)
    {
        double best = _cost.OracleAction(y, 0, 4);
        for (double a = 0; a <= 4; a += 0.001) Assert.True(_cost.Cost(y, a) >= _cost.Cost(y, best) - 1e-9);
        Assert.Equal(Math.Clamp(y, 0, 4), best, 12);
    }

    [Theory]
    [InlineData(2.0, 0.5, 2.1)]
    [InlineData(1.0, 0.3, 0.7)]
    [InlineData(3.0, 1.0, 3.5)]
    public void Expected_cost_closed_form_matches_quadrature(double mean, double std, double a)
    {
        // trapezoid over ±10σ with 200k panels
        int n = 200_000;
        double lo = mean - 10 * std, h = 20 * std / n, sum = 0, dsum = 0;
        for (int i = 0; i <= n; i++)
        {
            double y = lo + i * h, z = (y - mean) / std;
            double wgt = (i == 0 || i == n ? 0.5 : 1.0) * h * Math.Exp(-0.5 * z * z) / (std * Math.Sqrt(2 * Math.PI));
            sum += wgt * _cost.Cost(y, a);
            dsum += wgt * (_cost.Cost(y, a + 1e-4) - _cost.Cost(y, a - 1e-4)) / 2e-4;
        }
        Assert.Equal(sum, _cost.ExpectedCost(mean, std, a), 2);
        double fd = (_cost.ExpectedCost(mean, std, a + 1e-5) - _cost.ExpectedCost(mean, std, a - 1e-5)) / 2e-5;
        Assert.Equal(fd, _cost.ExpectedCostDerivative(mean, std, a), 3);
    }

    [Fact]
    public void Batched_cost_gives_the_hand_computed_values_and_slopes()
    {
        // the three hand-computed cases above (overbid, reserve band, underbid) in one double tensor
        var y = tensor(new[] { 1.0, 1.9, 3.0 });
        var a = tensor(new[] { 2.0, 2.0, 2.0 }).requires_grad_();
        var yg = y.clone().requires_grad_();
        var c = _cost.Batched(yg, a);
        Assert.Equal([171.75, -176.0, -277.0], c.detach().data<double>().ToArray().Select(v => Math.Round(v, 9)));
        c.sum().backward();
        Assert.Equal([370.0, 110.0, -20.0], a.grad!.data<double>().ToArray().Select(v => Math.Round(v, 9)));
        Assert.Equal([-470.0, -210.0, -80.0], yg.grad!.data<double>().ToArray().Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Batched_cost_equals_the_scalar_cost_on_a_grid()
    {
        var ys = new List<double>(); var acts = new List<double>();
        for (double y = 0; y <= 4.5; y += 0.1) for (double a = 0; a <= 4; a += 0.07) { ys.Add(y); acts.Add(a); }
        var c = _cost.Batched(tensor(ys.ToArray()), tensor(acts.ToArray())).data<double>().ToArray();
        for (int i = 0; i < ys.Count; i++) Assert.Equal(_cost.Cost(ys[i], acts[i]), c[i], 9);
    }
}
