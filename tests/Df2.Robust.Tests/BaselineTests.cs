using Df2.Robust.Baselines;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>KL-DRO weights against a hand case; the W-DRO Frank–Wolfe attack keeps its budget.</summary>
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
        using var adversarial = WassersteinAttack.Run(model, x, y, f, epsilon, steps: 15);
        var used = (adversarial - x).pow(2).sum().sqrt().item<float>();
        Assert.True(used <= epsilon + 1e-5, $"‖δ‖ = {used} > ε = {epsilon}");
        Assert.True(adversarial.min().item<float>() >= 0 && adversarial.max().item<float>() <= 1);
        using var noGrad = no_grad();
        Assert.True(f(model.call(adversarial), y).sum().item<float>() >= f(model.call(x), y).sum().item<float>());
    }
}
