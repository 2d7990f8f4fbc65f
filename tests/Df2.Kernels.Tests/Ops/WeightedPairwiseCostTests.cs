using Df2.Kernels.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Tests.Ops;

public sealed class WeightedPairwiseCostTests
{
    public static TheoryData<string> Objectives() => new() { "convex", "non-convex" };

    private static PiecewiseCoefficients Coefficients(string objective) =>
        objective == "convex" ? PiecewiseCoefficients.Convex : PiecewiseCoefficients.NonConvex;

    [Theory]
    [InlineData(CostPath.Fused)]
    [InlineData(CostPath.Plain)]
    public void Forward_matches_hand_computed_weighted_costs(CostPath path)
    {
        // V = [[0.5], [−1]], W = [[0.25, 0.75]], A = [[[0]]], non-convex:
        // c(.5, 0) = 10·.25 = 2.5, c(−1, 0) = 2·1 = 2 → G = .25·2.5 + .75·2 = 2.125.
        using var scope = NewDisposeScope();
        var g = WeightedPairwiseCost.Apply(PiecewiseCoefficients.NonConvex,
            tensor(new float[] { 0.5f, -1f }).reshape(2, 1), tensor(new float[] { 0.25f, 0.75f }).reshape(1, 2),
            zeros(1, 1, 1), path);
        Assert.Equal(new long[] { 1, 1 }, g.shape);
        Assert.Equal(2.125, g[0, 0].item<float>(), 5);
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Plain_path_gradients_match_finite_differences_in_double(string objective)
    {
        var c = Coefficients(objective);
        var gen = new Generator(21);
        var values = randn(7, 2, dtype: ScalarType.Float64, generator: gen);
        var weights = rand(2, 7, dtype: ScalarType.Float64, generator: gen);
        var actions = randn(2, 3, 2, dtype: ScalarType.Float64, generator: gen);
        var r = randn(2, 3, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (WeightedPairwiseCost.Apply(c, x[0], x[1], x[2]) * r).sum(),
            [values, weights, actions], 1e-6, 1e-6, $"{objective} plain");
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Fused_path_gradients_match_finite_differences_in_float(string objective)
    {
        var c = Coefficients(objective);
        var gen = new Generator(22);
        // S = 37: SIMD body and scalar tail; lattice inputs keep kinks ≥ 0.05 away from ±h.
        var values = GradCheck.Lattice(gen, 0.05, ScalarType.Float32, 37, 2);
        var weights = rand(2, 37, generator: gen);
        var actions = GradCheck.Lattice(gen, 0, ScalarType.Float32, 2, 3, 2);
        var r = randn(2, 3, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (WeightedPairwiseCost.Apply(c, x[0], x[1], x[2], CostPath.Fused).to(ScalarType.Float64) * r).sum(),
            [values, weights, actions], 1e-2, 1e-2, $"{objective} fused");
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Fused_path_equals_plain_path_forward_and_gradients_including_kinks(string objective)
    {
        using var scope = NewDisposeScope();
        var c = Coefficients(objective);
        var gen = new Generator(23);
        var values = randn(45, 3, generator: gen) * 1.5f;
        var weights = randn(4, 45, generator: gen).softmax(-1L);
        var actions = rand(4, 6, 3, generator: gen) * 4 - 2;
        actions[1, 0] = values[3].clone();                 // exact ties y = a: the kink convention must agree
        actions[3, 5, 2] = values[44, 2].clone();
        var upstream = randn(4, 6, generator: gen);
        var (fused, fusedGrads) = Run(c, values, weights, actions, upstream, CostPath.Fused);
        var (plain, plainGrads) = Run(c, values, weights, actions, upstream, CostPath.Plain);
        GradCheck.Close(fused, plain, 2e-6, "forward");
        GradCheck.Close(fusedGrads[0], plainGrads[0], 2e-5, "∂L/∂V");
        GradCheck.Close(fusedGrads[1], plainGrads[1], 2e-5, "∂L/∂W");
        GradCheck.Close(fusedGrads[2], plainGrads[2], 2e-5, "∂L/∂A");
    }

    private static (Tensor Output, Tensor[] Grads) Run(PiecewiseCoefficients c, Tensor values, Tensor weights, Tensor actions, Tensor upstream, CostPath path)
    {
        var v = values.detach().clone().requires_grad_(true);
        var w = weights.detach().clone().requires_grad_(true);
        var a = actions.detach().clone().requires_grad_(true);
        var output = WeightedPairwiseCost.Apply(c, v, w, a, path);
        output.backward([upstream]);
        return (output.detach(), [v.grad!.clone(), w.grad!.clone(), a.grad!.clone()]);
    }

    [Fact]
    public void Fused_path_is_deterministic_and_independent_of_the_thread_count()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(24);
        var values = randn(1000, 2, generator: gen);
        var weights = randn(16, 1000, generator: gen).softmax(-1L);
        var actions = rand(16, 10, 2, generator: gen) * 4 - 2;
        var upstream = randn(16, 10, generator: gen);
        int before = TorchThreads.Threads;
        try
        {
            var first = Run(PiecewiseCoefficients.Convex, values, weights, actions, upstream, CostPath.Fused);
            var second = Run(PiecewiseCoefficients.Convex, values, weights, actions, upstream, CostPath.Fused);
            TorchThreads.SetThreads(1);
            var serial = Run(PiecewiseCoefficients.Convex, values, weights, actions, upstream, CostPath.Fused);
            foreach (var other in new[] { second, serial })
            {
                GradCheck.Identical(other.Output, first.Output, "forward");
                for (int i = 0; i < 3; i++) GradCheck.Identical(other.Grads[i], first.Grads[i], $"gradient {i}");
            }
        }
        finally { TorchThreads.SetThreads(before); }
    }

    [Fact]
    public void Inputs_without_grad_get_none_and_the_rest_still_flow()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(25);
        var values = randn(20, 2, generator: gen).requires_grad_(true);
        var weights = randn(3, 20, generator: gen).softmax(-1L);          // no grad (a constant here)
        var actions = rand(3, 5, 2, generator: gen);                       // no grad: DF2's sampled actions
        WeightedPairwiseCost.Apply(PiecewiseCoefficients.NonConvex, values, weights, actions).sum().backward();
        Assert.NotNull(values.grad);
        Assert.Null(actions.grad);
        var plainV = values.detach().clone().requires_grad_(true);
        WeightedPairwiseCost.Plain(PiecewiseCoefficients.NonConvex, plainV, weights, actions).sum().backward();
        GradCheck.Close(values.grad!, plainV.grad!, 2e-5, "∂L/∂V with an expanded upstream gradient");
    }

    [Fact]
    public void Bad_shapes_give_one_clear_message()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => WeightedPairwiseCost.Apply(PiecewiseCoefficients.Convex, zeros(5, 2), zeros(2, 4), zeros(2, 3, 2)));
        Assert.Equal("WeightedPairwiseCost: weights must be [B, S] for values [S, D] and actions [B, J, D]; got values [5, 2], weights [2, 4], actions [2, 3, 2].", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => WeightedPairwiseCost.Apply(PiecewiseCoefficients.Convex, zeros(5, 2), zeros(2, 5), zeros(2, 3)));
        Assert.StartsWith("PairwiseCost: values must be [S, D] and actions [B, J, D]", e2.Message);
    }
}
