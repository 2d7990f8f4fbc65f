using Df2.Kernels.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Tests.Ops;

public sealed class PairwiseCostTests
{
    public static TheoryData<string> Objectives() => new() { "convex", "non-convex" };

    private static PiecewiseCoefficients Coefficients(string objective) =>
        objective == "convex" ? PiecewiseCoefficients.Convex : PiecewiseCoefficients.NonConvex;

    [Theory]
    [InlineData(CostPath.Fused)]
    [InlineData(CostPath.Plain)]
    public void Forward_matches_hand_computed_costs(CostPath path)
    {
        // V = [[0.5, −1]], A = [[[0, 0], [1, −1]]]
        using var scope = NewDisposeScope();
        var values = tensor(new float[] { 0.5f, -1f }).reshape(1, 2);
        var actions = tensor(new float[] { 0f, 0f, 1f, -1f }).reshape(1, 2, 2);
        var convex = PairwiseCost.Apply(PiecewiseCoefficients.Convex, values, actions, path);
        var nonConvex = PairwiseCost.Apply(PiecewiseCoefficients.NonConvex, values, actions, path);
        Assert.Equal(new long[] { 1, 2, 1 }, convex.shape);
        // convex (5, 20, .5, .2, 0): c(.5, 0) = 5·.5 + .5·.25 = 2.625, c(−1, 0) = 20 + .2 = 20.2;
        // c(.5, 1) = 20·.5 + .2·.25 = 10.05, c(−1, −1) = 0.
        Assert.Equal(22.825, convex[0, 0, 0].item<float>(), 4);
        Assert.Equal(10.05, convex[0, 1, 0].item<float>(), 4);
        // non-convex (0, 0, 10, 2, 4): c(.5, 0) = 10·.25 = 2.5, c(−1, 0) = 2; c(.5, 1) = 2·.25 + 4 = 4.5, c(−1, −1) = −4.
        Assert.Equal(4.5, nonConvex[0, 0, 0].item<float>(), 4);
        Assert.Equal(0.5, nonConvex[0, 1, 0].item<float>(), 4);
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Plain_path_gradients_match_finite_differences_in_double(string objective)
    {
        var c = Coefficients(objective);
        var gen = new Generator(11);
        var values = randn(7, 2, dtype: ScalarType.Float64, generator: gen);
        var actions = randn(2, 3, 2, dtype: ScalarType.Float64, generator: gen);
        var r = randn(2, 3, 7, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (PairwiseCost.Apply(c, x[0], x[1]) * r).sum(), [values, actions], 1e-6, 1e-6, $"{objective} plain");
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Fused_path_gradients_match_finite_differences_in_float(string objective)
    {
        var c = Coefficients(objective);
        var gen = new Generator(12);
        // S = 37: both the SIMD body and the scalar tail run; lattice inputs keep kinks ≥ 0.05 away from ±h.
        var values = GradCheck.Lattice(gen, 0.05, ScalarType.Float32, 37, 2);
        var actions = GradCheck.Lattice(gen, 0, ScalarType.Float32, 2, 3, 2);
        var r = randn(2, 3, 37, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (PairwiseCost.Apply(c, x[0], x[1], CostPath.Fused).to(ScalarType.Float64) * r).sum(),
            [values, actions], 1e-2, 1e-2, $"{objective} fused");
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Fused_path_equals_plain_path_forward_and_gradients_including_kinks(string objective)
    {
        using var scope = NewDisposeScope();
        var c = Coefficients(objective);
        var gen = new Generator(13);
        var values = (randn(45, 3, generator: gen) * 1.5f);
        var actions = (rand(4, 6, 3, generator: gen) * 4 - 2);
        actions[0, 0] = values[3].clone();                 // exact ties y = a: the kink convention must agree
        actions[2, 5, 1] = values[44, 1].clone();
        var upstream = randn(4, 6, 45, generator: gen);
        var (fused, fusedGrads) = Run(c, values, actions, upstream, CostPath.Fused);
        var (plain, plainGrads) = Run(c, values, actions, upstream, CostPath.Plain);
        GradCheck.Close(fused, plain, 2e-6, "forward");
        GradCheck.Close(fusedGrads[0], plainGrads[0], 2e-5, "∂L/∂V");
        GradCheck.Close(fusedGrads[1], plainGrads[1], 2e-5, "∂L/∂A");
    }

    private static (Tensor Output, Tensor[] Grads) Run(PiecewiseCoefficients c, Tensor values, Tensor actions, Tensor upstream, CostPath path)
    {
        var v = values.detach().clone().requires_grad_(true);
        var a = actions.detach().clone().requires_grad_(true);
        var output = PairwiseCost.Apply(c, v, a, path);
        output.backward([upstream]);
        return (output.detach(), [v.grad!.clone(), a.grad!.clone()]);
    }

    [Fact]
    public void Fused_path_is_deterministic_and_independent_of_the_thread_count()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(14);
        var values = randn(1000, 2, generator: gen);
        var actions = rand(16, 10, 2, generator: gen) * 4 - 2;
        var upstream = randn(16, 10, 1000, generator: gen);
        int before = TorchThreads.Threads;
        try
        {
            var first = Run(PiecewiseCoefficients.NonConvex, values, actions, upstream, CostPath.Fused);
            var second = Run(PiecewiseCoefficients.NonConvex, values, actions, upstream, CostPath.Fused);
            TorchThreads.SetThreads(1);
            var serial = Run(PiecewiseCoefficients.NonConvex, values, actions, upstream, CostPath.Fused);
            foreach (var other in new[] { second, serial })
            {
                GradCheck.Identical(other.Output, first.Output, "forward");
                GradCheck.Identical(other.Grads[0], first.Grads[0], "∂L/∂V");
                GradCheck.Identical(other.Grads[1], first.Grads[1], "∂L/∂A");
            }
        }
        finally { TorchThreads.SetThreads(before); }
    }

    [Fact]
    public void Auto_path_runs_other_dtypes_through_plain_ops_and_takes_strided_inputs()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(15);
        var valuesT = randn(2, 9, dtype: ScalarType.Float64, generator: gen);          // values = valuesᵀ: not contiguous
        var actions = randn(3, 4, 2, dtype: ScalarType.Float64, generator: gen);
        var auto = PairwiseCost.Apply(PiecewiseCoefficients.NonConvex, valuesT.t(), actions);
        Assert.Equal(ScalarType.Float64, auto.dtype);
        GradCheck.Close(auto, PairwiseCost.Plain(PiecewiseCoefficients.NonConvex, valuesT.t(), actions), 0, "float64 auto = plain");
        var fused = PairwiseCost.Apply(PiecewiseCoefficients.NonConvex, valuesT.t().to(ScalarType.Float32), actions.to(ScalarType.Float32));
        GradCheck.Close(fused, auto, 1e-5, "strided float32 fused ≈ float64 plain");
    }

    [Fact]
    public void Bad_shapes_and_types_give_one_clear_message()
    {
        using var scope = NewDisposeScope();
        var c = PiecewiseCoefficients.Convex;
        var e1 = Assert.ThrowsAny<ArgumentException>(() => PairwiseCost.Apply(c, zeros(5), zeros(2, 3, 2)));
        Assert.Equal("PairwiseCost: values must be [S, D] and actions [B, J, D] with the same D; got values [5], actions [2, 3, 2].", e1.Message);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => PairwiseCost.Apply(c, zeros(5, 2), zeros(2, 3, 3)));
        Assert.Contains("got values [5, 2], actions [2, 3, 3]", e2.Message);
        var e3 = Assert.ThrowsAny<ArgumentException>(() => PairwiseCost.Apply(c, zeros(5, 2), zeros(2, 3, 2, dtype: ScalarType.Float64)));
        Assert.StartsWith("PairwiseCost: actions is Float64 on cpu but values is Float32 on cpu", e3.Message);
        var e4 = Assert.ThrowsAny<ArgumentException>(() => PairwiseCost.Apply(c, zeros(5, 2, dtype: ScalarType.Float64), zeros(2, 3, 2, dtype: ScalarType.Float64), CostPath.Fused));
        Assert.StartsWith("PairwiseCost: the fused path needs float32 CPU tensors", e4.Message);
    }
}
