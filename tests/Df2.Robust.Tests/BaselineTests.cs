using Df2.Learning.Methods.Robust;
using Df2.Robust.Baselines;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>KL-DRO and χ²-DRO weights against hand cases; the W-DRO Frank–Wolfe attack keeps its budget.</summary>
public sealed class BaselineTests
{
    [Fact]
    public void Kl_dro_weights_match_a_hand_case()
    {
        // ℓ = (0, 1), α = 1: p = (1, e)/(1 + e) = (0.268941, 0.731059);
        // KL(p‖u) = ln 2 + Σ p ln p = 0.693147 − 0.582203 = 0.110944. Solving for that ρ returns α = 1.
        using var losses = tensor(new[] { 0.0f, 1.0f });
        var (alpha, weights) = KlDroWeights.Solve(losses, 0.1109441);
        Assert.Equal(1.0, alpha.item<double>(), 4);
        Assert.Equal(0.268941f, weights[0].item<float>(), 4);
        Assert.Equal(0.731059f, weights[1].item<float>(), 4);
        // ρ beyond ln n − ln(#max): all mass on the largest loss.
        var (_, extreme) = KlDroWeights.Solve(tensor(new[] { 0.0f, 1.0f, 3.0f }), 5.0);
        Assert.Equal(1f, extreme[2].item<float>(), 4);
    }

    [Fact]
    public void Chi_square_dro_weights_match_a_hand_case()
    {
        // ℓ = (0, 1, 3), η = 0: p = (0, 1, 3)/4; n·p − 1 = (−1, −0.25, 1.25); D = ½·mean of squares = ½·2.625/3 = 0.4375.
        // Solving for that ρ returns η = 0 and those weights.
        using var losses = tensor(new[] { 0.0, 1.0, 3.0 });
        var (eta, weights) = ChiSquareDroWeights.Solve(losses, 0.4375);
        Assert.Equal(0.0, eta.item<double>(), 6);
        Assert.Equal(new[] { 0.0, 0.25, 0.75 }, weights.data<double>().ToArray().Select(w => Math.Round(w, 6)));
        // ρ = 0: the plain mean (uniform weights); ρ at or beyond the vertex's D = (n − 1)/2 = 1: all mass on the largest loss.
        var (_, uniform) = ChiSquareDroWeights.Solve(losses, 0);
        Assert.All(uniform.data<double>().ToArray(), w => Assert.Equal(1.0 / 3, w, 6));
        var (_, extreme) = ChiSquareDroWeights.Solve(losses, 5);
        Assert.Equal(new[] { 0.0, 0.0, 1.0 }, extreme.data<double>().ToArray());
        // In between the worst-case value rises with ρ and its divergence is ρ.
        var values = new[] { 0.05, 0.2, 0.6 }.Select(rho =>
        {
            var (_, w) = ChiSquareDroWeights.Solve(losses, rho);
            Assert.Equal(rho, ChiSquareDroWeights.Divergence(w).item<double>(), 6);
            return (w * losses).sum().item<double>();
        }).ToArray();
        Assert.True(values[0] > 4.0 / 3 && values[0] < values[1] && values[1] < values[2], string.Join(", ", values));
    }

    [Fact]
    public void Frank_wolfe_attack_keeps_its_budget_and_raises_the_loss()
    {
        using var init = new Generator(1);
        using var model = new LstmForecaster(CPU, init);
        model.eval();
        var objective = new PaperObjective();
        var range = new TokenRange(374, 106_957);
        PerSampleLoss f = (p, y) => objective.DecisionLoss(range.ToTokens(p), range.ToTokens(y));
        using var x = rand([16, 7, 1], generator: init);
        using var y = rand([16], generator: init);
        const double epsilon = 0.5;
        using var adversarial = WassersteinAttack.Run(v => f(model.call(v), y), x, epsilon, steps: 15, (0, 1));
        var used = (adversarial - x).pow(2).sum().sqrt().item<float>();
        Assert.True(used <= epsilon + 1e-5, $"‖δ‖ = {used} > ε = {epsilon}");
        Assert.True(adversarial.min().item<float>() >= 0 && adversarial.max().item<float>() <= 1);
        using var noGrad = no_grad();
        Assert.True(f(model.call(adversarial), y).sum().item<float>() >= f(model.call(x), y).sum().item<float>());
    }
}
