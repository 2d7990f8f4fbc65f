using Df2.Kernels.Ops;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Tests;

/// <summary>
/// The batched tensor costs that training uses equal the hand-computed values and the scalar reference
/// (<see cref="PiecewiseCost"/>), and their autograd gradients equal the scalar partials; DF2's value term
/// (eq. 4) through <see cref="WeightedSeparableCost"/> equals Σ_s w_s f(v_s, a) from the scalar cost on both paths.
/// </summary>
public sealed class TensorCostTests
{
    public static TheoryData<string> TaskNames() => new(SyntheticProblem.All.Select(p => p.Name));

    [Fact]
    public void BatchedObjectiveMatchesHandComputation()
    {
        using var scope = NewDisposeScope();
        var y = tensor(new[] { 0.5f, 0.2f, 0.2f, 0.5f }).reshape(2, 2);
        var a = tensor(new[] { 0.2f, 0.5f, 0.5f, 0.2f }).reshape(2, 2);
        // convex: 5·0.3 + 0.5·0.3² = 1.545 (y above a), 20·0.3 + 0.2·0.3² = 6.018 (a above y)
        var convex = SyntheticProblem.Convex.Objective(y, a).data<float>().ToArray();
        Assert.Equal(1.545 + 6.018, convex[0], 5);
        Assert.Equal(6.018 + 1.545, convex[1], 5);
        // non-convex: 10·0.3² + 4·0.2³ = 0.932, 2·0.3² + 4·0.5³ = 0.68
        var nonConvex = SyntheticProblem.NonConvex.Objective(y, a).data<float>().ToArray();
        Assert.Equal(0.932 + 0.68, nonConvex[0], 5);
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void BatchedObjectiveAndItsGradientsEqualTheScalarReference(string name)
    {
        using var scope = NewDisposeScope();
        var task = SyntheticProblem.Get(name);
        double[] ys = [0.3, -0.7, 1.3, -1.5, 0.9, 0.1], acts = [-0.4, 0.2, 1.1, -1.9, 0.9, -0.6];
        var y = tensor(ys, ScalarType.Float64).reshape(3, 2).requires_grad_(true);
        var a = tensor(acts, ScalarType.Float64).reshape(3, 2).requires_grad_(true);
        var f = task.Objective(y, a);
        f.sum().backward();
        var value = f.data<double>().ToArray();
        var gy = y.grad!.data<double>().ToArray();
        var ga = a.grad!.data<double>().ToArray();
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(task.Objective(ys.AsSpan(2 * r, 2), acts.AsSpan(2 * r, 2)), value[r], 12);
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(task.Cost.DCostDy(ys[2 * r + i], acts[2 * r + i]), gy[2 * r + i], 12);
                Assert.Equal(task.Cost.DCostDa(ys[2 * r + i], acts[2 * r + i]), ga[2 * r + i], 12);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Df2ValueTermEqualsTheScalarWeightedScenarioSumOnBothPaths(string name)
    {
        using var scope = NewDisposeScope();
        var task = SyntheticProblem.Get(name);
        float[] v = [0.31f, -0.52f, 1.13f, 0.77f, -1.21f, 0.05f];                 // S = 3
        float[] a = [0.6f, 0.2f, -0.9f, 1.4f, 0.0f, -0.3f, 1.7f, -1.6f];           // B = 2, J = 2
        float[] w = [0.2f, 0.5f, 0.3f, 0.6f, 0.1f, 0.3f];                          // B = 2, S = 3
        var values = tensor(v).reshape(3, 2);
        var weights = tensor(w).reshape(2, 3);
        var actions = tensor(a).reshape(2, 2, 2);
        foreach (var path in new[] { CostPath.Fused, CostPath.Plain })
        {
            var g = WeightedSeparableCost.Apply(task.Cost.Coefficients, values, weights, actions, path).data<float>().ToArray();
            for (int b = 0; b < 2; b++)
                for (int j = 0; j < 2; j++)
                {
                    double expected = 0;
                    for (int s = 0; s < 3; s++)
                        expected += w[3 * b + s] * (task.Cost.Cost(v[2 * s], a[4 * b + 2 * j]) + task.Cost.Cost(v[2 * s + 1], a[4 * b + 2 * j + 1]));
                    Assert.True(Math.Abs(expected - g[2 * b + j]) < 1e-4 * (1 + Math.Abs(expected)), $"{path} G[{b},{j}]: {g[2 * b + j]} vs {expected}");
                }
        }
    }
}
