using Df2.Kernels.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Tests.Ops;

public sealed class WeightedWindBiddingCostTests
{
    private static readonly WindBiddingCoefficients Paper = WindBiddingCoefficients.Paper;

    [Theory]
    [InlineData(CostPath.Fused)]
    [InlineData(CostPath.Plain)]
    public void Forward_matches_hand_computed_bidding_costs(CostPath path)
    {
        // V = [[1, 2]], W = [[1]], bids [1.5, 1] and [1.1, 2]; baseline −P·y + ν·r = −100y + 3.
        // c(1, 1.5): overbid 0.35 → −97 + 200·.35 + 100·.35² + 110·.15 + 10 = 11.75;  c(2, 1): underbid → −197 + 20 = −177.
        // c(1, 1.1): reserve band → −97 + 110·.1 = −86;  c(2, 2): band at y = a → −197.
        using var scope = NewDisposeScope();
        var g = WeightedWindBiddingCost.Apply(Paper, tensor(new float[] { 1f, 2f }).reshape(1, 2), ones(1, 1),
            tensor(new float[] { 1.5f, 1f, 1.1f, 2f }).reshape(1, 2, 2), path);
        Assert.Equal(11.75 - 177, g[0, 0].item<float>(), 3);
        Assert.Equal(-86 - 197, g[0, 1].item<float>(), 3);
        Assert.Equal(11.75, Paper.Cost(1, 1.5), 10);
        Assert.Equal(-86, Paper.Cost(1, 1.1), 10);
    }

    [Fact]
    public void Plain_path_gradients_match_finite_differences_in_double()
    {
        var gen = new Generator(31);
        var values = rand(7, 3, dtype: ScalarType.Float64, generator: gen) * 4;
        var weights = rand(2, 7, dtype: ScalarType.Float64, generator: gen);
        var actions = rand(2, 3, 3, dtype: ScalarType.Float64, generator: gen) * 4;
        var r = randn(2, 3, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (WeightedWindBiddingCost.Apply(Paper, x[0], x[1], x[2]) * r).sum(),
            [values, weights, actions], 1e-6, 1e-6, "wind plain");
    }

    [Fact]
    public void Fused_path_gradients_match_finite_differences_in_float()
    {
        var gen = new Generator(32);
        // Lattice 0.1k + 0.025 (values) and 0.1k (bids): y − a stays ≥ 0.025 from the kink 0 and the jump −r = −0.15.
        var values = GradCheck.Lattice(gen, 0.025, ScalarType.Float32, 37, 3);
        var weights = randn(2, 37, generator: gen).softmax(-1L);             // Σ_s w = 1 keeps G (and float rounding) small
        var actions = GradCheck.Lattice(gen, 0, ScalarType.Float32, 2, 3, 3);
        var r = randn(2, 3, dtype: ScalarType.Float64, generator: gen);
        GradCheck.AgainstFiniteDifferences(x => (WeightedWindBiddingCost.Apply(Paper, x[0], x[1], x[2], CostPath.Fused).to(ScalarType.Float64) * r).sum(),
            [values, weights, actions], 1e-2, 1e-2, "wind fused");
    }

    [Fact]
    public void Fused_path_equals_plain_path_forward_and_gradients_including_kinks_and_the_jump()
    {
        using var scope = NewDisposeScope();
        var c = Paper with { Reserve = 0.25 };                 // exactly representable: a − y = r can be hit exactly
        var gen = new Generator(33);
        var values = rand(45, 12, generator: gen) * 4;
        var weights = randn(4, 45, generator: gen).softmax(-1L);
        var actions = rand(4, 6, 12, generator: gen) * 4;
        values[3, 0] = tensor(0.5f); actions[1, 0, 0] = tensor(0.75f);      // a − y = r: the jump's end (reserve band)
        actions[2, 1] = values[7].clone();                                  // y = a: the kink
        var upstream = randn(4, 6, generator: gen);
        var (fused, fusedGrads) = Run(c, values, weights, actions, upstream, CostPath.Fused);
        var (plain, plainGrads) = Run(c, values, weights, actions, upstream, CostPath.Plain);
        GradCheck.Close(fused, plain, 2e-6, "forward");
        GradCheck.Close(fusedGrads[0], plainGrads[0], 2e-5, "∂L/∂V");
        GradCheck.Close(fusedGrads[1], plainGrads[1], 2e-5, "∂L/∂W");
        GradCheck.Close(fusedGrads[2], plainGrads[2], 2e-5, "∂L/∂A");
    }

    private static (Tensor Output, Tensor[] Grads) Run(WindBiddingCoefficients c, Tensor values, Tensor weights, Tensor actions, Tensor upstream, CostPath path)
    {
        var v = values.detach().clone().requires_grad_(true);
        var w = weights.detach().clone().requires_grad_(true);
        var a = actions.detach().clone().requires_grad_(true);
        var output = WeightedWindBiddingCost.Apply(c, v, w, a, path);
        output.backward([upstream]);
        return (output.detach(), [v.grad!.clone(), w.grad!.clone(), a.grad!.clone()]);
    }

    [Fact]
    public void Fused_path_is_deterministic_and_independent_of_the_thread_count()
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(34);
        var values = rand(500, 12, generator: gen) * 4;
        var weights = randn(8, 500, generator: gen).softmax(-1L);
        var actions = rand(8, 10, 12, generator: gen) * 4;
        var upstream = randn(8, 10, generator: gen);
        int before = TorchThreads.Threads;
        try
        {
            var first = Run(Paper, values, weights, actions, upstream, CostPath.Fused);
            TorchThreads.SetThreads(1);
            var serial = Run(Paper, values, weights, actions, upstream, CostPath.Fused);
            GradCheck.Identical(serial.Output, first.Output, "forward");
            for (int i = 0; i < 3; i++) GradCheck.Identical(serial.Grads[i], first.Grads[i], $"gradient {i}");
        }
        finally { TorchThreads.SetThreads(before); }
    }

    [Fact]
    public void Bad_shapes_give_one_clear_message()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => WeightedWindBiddingCost.Apply(Paper, zeros(5, 12), zeros(2, 5), zeros(2, 3, 11)));
        Assert.Equal("WeightedWindBiddingCost: values must be [S, H], weights [B, S] and actions [B, J, H]; got values [5, 12], weights [2, 5], actions [2, 3, 11].", e.Message);
    }
}
