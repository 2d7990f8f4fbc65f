using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// Frank–Wolfe attack of ℓ2 Wasserstein DRO (Staib &amp; Jegelka): maximise Σ_i ℓ(x_i + δ_i) s.t.
/// ‖(‖δ_i‖₂)_i‖₂ ≤ ε. Linear-maximisation vertex δ_i = ε·s_i·g_i/‖g_i‖ with s_i = ‖g_i‖ / ‖(‖g_j‖)_j‖;
/// x_adv ← (1−γ_k)·x_adv + γ_k·(x + δ), γ_k = 2/(k+2); clip to [0, 1]. Perturbs the 7-step input;
/// attacks with the decision loss. Every iterate is a convex combination of points in the ball, and the
/// clip only shrinks |x_adv − x| per coordinate (x ∈ [0, 1]), so the budget holds.
/// </summary>
public static class WassersteinAttack
{
    public static Tensor Run(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f, double epsilon, int steps)
    {
        var xAdv = inputs.detach().clone();
        for (var k = 0; k < steps; k++)
        {
            using var scope = NewDisposeScope();
            var x = xAdv.detach().requires_grad_(true);
            var total = f(model.call(x), targets).sum();
            var g = autograd.grad([total], [x])[0];
            var norm = g.pow(2).sum().sqrt().clamp_min(1e-12);   // ‖(‖g_i‖)_i‖₂
            var vertex = inputs + g * (epsilon / norm);
            var gamma = 2.0 / (k + 2);
            xAdv = ((1 - gamma) * x.detach() + gamma * vertex).clamp(0, 1).MoveToOuterDisposeScope();
        }
        return xAdv;
    }
}
