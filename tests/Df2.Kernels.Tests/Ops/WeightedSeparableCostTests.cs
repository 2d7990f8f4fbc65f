using Df2.Kernels.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Tests.Ops;

/// <summary>
/// <see cref="WeightedSeparableCost"/> for each coordinate cost (synthetic convex and non-convex, wind bidding): hand-computed
/// values, finite differences of both paths, fused = plain at kinks and jumps, determinism across thread counts.
/// </summary>
public sealed class WeightedSeparableCostTests
{
    public static TheoryData<string> Costs() => new() { "convex", "non-convex", "wind" };

    private static CoordinateCost Cost(string name) => name switch
    {
        "convex" => PiecewiseCoefficients.Convex,
        "non-convex" => PiecewiseCoefficients.NonConvex,
        _ => WindBiddingCoefficients.Paper,
    };

    /// <summary>Values [S, D] and actions [B, J, D] on the cost's natural range: y ~ N(0, 1.5²), a ∈ [−2, 2] (synthetic); y, a ∈ [0, 4] (wind).</summary>
    private static (Tensor Values, Tensor Actions) Inputs(string name, Generator gen, ScalarType dtype, long s, long d, long b, long j) =>
        name == "wind"
            ? (rand(s, d, dtype: dtype, generator: gen) * 4, rand(b, j, d, dtype: dtype, generator: gen) * 4)
            : (randn(s, d, dtype: dtype, generator: gen) * 1.5, rand(b, j, d, dtype: dtype, generator: gen) * 4 - 2);

    [Theory]
    [InlineData(CostPath.Fused)]
    [InlineData(CostPath.Plain)]
    public void Forward_matches_hand_computed_weighted_costs(CostPath path)
    {
        using var scope = NewDisposeScope();
        // V = [[0.5], [−1]], W = [[0.25, 0.75]], A = [[[0]]], non-convex:
        // c(.5, 0) = 10·.25 = 2.5, c(−1, 0) = 2·1 = 2 → G = .25·2.5 + .75·2 = 2.125.
        var g = WeightedSeparableCost.Apply(PiecewiseCoefficients.NonConvex,
            tensor(new float[] { 0.5f, -1f }).reshape(2, 1), tensor(new float[] { 0.25f, 0.75f }).reshape(1, 2), zeros(1, 1, 1), path);
        Assert.Equal(new long[] { 1, 1 }, g.shape);
        Assert.Equal(2.125, g[0, 0].item<float>(), 5);
        // wind, V = [[1, 2]], W = [[1]], bids [1.5, 1] and [1.1, 2]; baseline −P·y + ν·r = −100y + 3.
        // c(1, 1.5): overbid 0.35 → −97 + 200·.35 + 100·.35² + 110·.15 + 10 = 11.75;  c(2, 1): underbid → −197 + 20 = −177.
        // c(1, 1.1): reserve band → −97 + 110·.1 = −86;  c(2, 2): band at y = a → −197.
        var wind = WindBiddingCoefficients.Paper;
        var h = WeightedSeparableCost.Apply(wind, tensor(new float[] { 1f, 2f }).reshape(1, 2), ones(1, 1),
            tensor(new float[] { 1.5f, 1f, 1.1f, 2f }).reshape(1, 2, 2), path);
        Assert.Equal(11.75 - 177, h[0, 0].item<float>(), 3);
        Assert.Equal(-86 - 197, h[0, 1].item<float>(), 3);
        Assert.Equal(11.75, wind.Cost(1, 1.5), 10);
        Assert.Equal(-86, wind.Cost(1, 1.1), 10);
    }

    [Theory]
    [MemberData(nameof(Costs))]
    public void Plain_path_gradients_match_finite_differences_in_double(string name)
    {
        var gen = new Generator(21);
        var (values, actions) = Inputs(name, gen, ScalarType.Float64, 7, 3, 2, 3);
        var weights = rand(2, 7, dtype: ScalarType.Float64, generator: gen);
        var r = randn(2, 3, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (WeightedSeparableCost.Apply(Cost(name), x[0], x[1], x[2]) * r).sum(),
            [values, weights, actions], 1e-6, 1e-6, $"{name} plain");
    }

    [Theory]
    [MemberData(nameof(Costs))]
    public void Fused_path_gradients_match_finite_differences_in_float(string name)
    {
        var gen = new Generator(22);
        // S = 37: SIMD body and scalar tail. Lattices 0.1k + offset (values) and 0.1k (actions) keep y − a at least
        // 0.05 (synthetic) / 0.025 (wind) from the kink 0 and the wind jump −r = −0.15; Σ_s w = 1 keeps G small.
        bool wind = name == "wind";
        var values = GradCheck.Lattice(gen, wind ? 0.025 : 0.05, ScalarType.Float32, 37, 3);
        var weights = randn(2, 37, generator: gen).softmax(-1L);
        var actions = GradCheck.Lattice(gen, 0, ScalarType.Float32, 2, 3, 3);
        var r = randn(2, 3, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (WeightedSeparableCost.Apply(Cost(name), x[0], x[1], x[2], CostPath.Fused).to(ScalarType.Float64) * r).sum(),
            [values, weights, actions], 1e-2, 1e-2, $"{name} fused");
    }

    [Theory]
    [MemberData(nameof(Costs))]
    public void Fused_path_equals_plain_path_forward_and_gradients_including_kinks_and_jumps(string name)
    {
        using var scope = NewDisposeScope();
        var cost = Cost(name) is WindBiddingCoefficients w ? w with { Reserve = 0.25 } : Cost(name);   // a − y = r exactly representable
        var gen = new Generator(23);
        var (values, actions) = Inputs(name, gen, ScalarType.Float32, 45, 12, 4, 6);
        var weights = randn(4, 45, generator: gen).softmax(-1L);
        actions[1, 0] = values[3].clone();                                  // exact ties y = a: the kink convention must agree
        actions[3, 5, 2] = values[44, 2].clone();
        values[3, 1] = tensor(0.5f); actions[2, 0, 1] = tensor(0.75f);      // wind: a − y = r, the jump's end (reserve band)
        var upstream = randn(4, 6, generator: gen);
        var (fused, fusedGrads) = Run(cost, values, weights, actions, upstream, CostPath.Fused);
        var (plain, plainGrads) = Run(cost, values, weights, actions, upstream, CostPath.Plain);
        GradCheck.Close(fused, plain, 2e-6, "forward");
        GradCheck.Close(fusedGrads[0], plainGrads[0], 2e-5, "∂L/∂V");
        GradCheck.Close(fusedGrads[1], plainGrads[1], 2e-5, "∂L/∂W");
        GradCheck.Close(fusedGrads[2], plainGrads[2], 2e-5, "∂L/∂A");
    }

    private static (Tensor Output, Tensor[] Grads) Run(CoordinateCost cost, Tensor values, Tensor weights, Tensor actions, Tensor upstream, CostPath path)
    {
        var v = values.detach().clone().requires_grad_(true);
        var w = weights.detach().clone().requires_grad_(true);
        var a = actions.detach().clone().requires_grad_(true);
        var output = WeightedSeparableCost.Apply(cost, v, w, a, path);
        output.backward([upstream]);
        return (output.detach(), [v.grad!.clone(), w.grad!.clone(), a.grad!.clone()]);
    }

    [Theory]
    [MemberData(nameof(Costs))]
    public void Fused_path_is_deterministic_and_independent_of_the_thread_count(string name)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(24);
        var (values, actions) = Inputs(name, gen, ScalarType.Float32, 500, 12, 8, 10);
        var weights = randn(8, 500, generator: gen).softmax(-1L);
        var upstream = randn(8, 10, generator: gen);
        int before = TorchThreads.Threads;
        try
        {
            var first = Run(Cost(name), values, weights, actions, upstream, CostPath.Fused);
            var second = Run(Cost(name), values, weights, actions, upstream, CostPath.Fused);
            TorchThreads.SetThreads(1);
            var serial = Run(Cost(name), values, weights, actions, upstream, CostPath.Fused);
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
        WeightedSeparableCost.Apply(PiecewiseCoefficients.NonConvex, values, weights, actions).sum().backward();
        Assert.NotNull(values.grad);
        Assert.Null(actions.grad);
        var plainV = values.detach().clone().requires_grad_(true);
        WeightedSeparableCost.Plain(PiecewiseCoefficients.NonConvex, plainV, weights, actions).sum().backward();
        GradCheck.Close(values.grad!, plainV.grad!, 2e-5, "∂L/∂V with an expanded upstream gradient");
    }

    [Fact]
    public void Bad_shapes_give_one_clear_message()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsAny<ArgumentException>(() => WeightedSeparableCost.Apply(PiecewiseCoefficients.Convex, zeros(5, 2), zeros(2, 4), zeros(2, 3, 2)));
        Assert.Equal("WeightedSeparableCost: values must be [S, D], weights [B, S] and actions [B, J, D]; got values [5, 2], weights [2, 4], actions [2, 3, 2].", e.Message);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => WeightedSeparableCost.Apply(WindBiddingCoefficients.Paper, zeros(5, 12), zeros(2, 5), zeros(2, 3, 11)));
        Assert.Equal("WeightedSeparableCost: values must be [S, D], weights [B, S] and actions [B, J, D]; got values [5, 12], weights [2, 5], actions [2, 3, 11].", e2.Message);
    }
}
