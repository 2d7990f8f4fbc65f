using Df2.Engine;
using Df2.Learning.Methods;
using Df2.Learning.Tasks;

namespace Df2.Learning.Tests;

public class PairwiseCostOpTests
{
    public static TheoryData<string> TaskNames() => new(TaskRegistry.Names);

    private static float WeightedSum(Tensor t, float[] w)
    {
        var a = t.ToArray();
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * w[i];
        return (float)s;
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void ForwardIsThePairwiseTaskCostAndGradientsMatchFiniteDifferences(string name)
    {
        var cost = TaskRegistry.Get(name).Cost;
        // values and actions kept away from each other so no kink lies within ±h
        float[] v = [0.31f, -0.52f, 1.13f, 0.77f, -1.21f, 0.05f];
        float[] a = [0.6f, 0.2f, -0.9f, 1.4f, 0.0f, -0.3f, 1.7f, -1.6f];
        var w = new float[2 * 2 * 3];
        for (int i = 0; i < w.Length; i++) w[i] = 0.3f + 0.1f * i;

        var values = Tensor.FromArray(v, 3, 2); values.RequiresGrad = true;
        var actions = Tensor.FromArray(a, 2, 2, 2); actions.RequiresGrad = true;
        var output = PairwiseCostOp.Apply(cost, values, actions);
        Assert.Equal([2, 2, 3], output.Shape);
        Assert.Equal(cost.Cost(v[4], a[6]) + cost.Cost(v[5], a[7]), output[1, 1, 2], 4);
        (output * Tensor.FromArray(w, 2, 2, 3)).Sum().Backward();

        const float h = 1e-3f;
        for (int i = 0; i < v.Length; i++)
        {
            var plus = (float[])v.Clone(); plus[i] += h;
            var minus = (float[])v.Clone(); minus[i] -= h;
            float fd = (WeightedSum(PairwiseCostOp.Apply(cost, Tensor.FromArray(plus, 3, 2), Tensor.FromArray(a, 2, 2, 2)), w)
                      - WeightedSum(PairwiseCostOp.Apply(cost, Tensor.FromArray(minus, 3, 2), Tensor.FromArray(a, 2, 2, 2)), w)) / (2 * h);
            Assert.True(Math.Abs(fd - values.Grad!.ToArray()[i]) < 2e-2 * (1 + Math.Abs(fd)), $"dV[{i}]: fd {fd} vs {values.Grad!.ToArray()[i]}");
        }
        for (int i = 0; i < a.Length; i++)
        {
            var plus = (float[])a.Clone(); plus[i] += h;
            var minus = (float[])a.Clone(); minus[i] -= h;
            float fd = (WeightedSum(PairwiseCostOp.Apply(cost, Tensor.FromArray(v, 3, 2), Tensor.FromArray(plus, 2, 2, 2)), w)
                      - WeightedSum(PairwiseCostOp.Apply(cost, Tensor.FromArray(v, 3, 2), Tensor.FromArray(minus, 2, 2, 2)), w)) / (2 * h);
            Assert.True(Math.Abs(fd - actions.Grad!.ToArray()[i]) < 2e-2 * (1 + Math.Abs(fd)), $"dA[{i}]: fd {fd} vs {actions.Grad!.ToArray()[i]}");
        }
    }

    [Fact]
    public void PointCostGradientMatchesPartials()
    {
        var cost = TaskRegistry.SyntheticNonConvex.Cost;
        float[] y = [0.4f, -0.7f];
        var a = Tensor.FromArray([0.1f, -1.5f], 1, 2); a.RequiresGrad = true;
        var o = PointCostOp.Apply(cost, y, a);
        Assert.Equal(cost.Cost(0.4f, 0.1f) + cost.Cost(-0.7f, -1.5f), o.Item(), 4);
        o.Sum().Backward();
        Assert.Equal(cost.DCostDa(0.4f, 0.1f), a.Grad!.ToArray()[0], 3);
        Assert.Equal(cost.DCostDa(-0.7f, -1.5f), a.Grad!.ToArray()[1], 3);
    }
}
