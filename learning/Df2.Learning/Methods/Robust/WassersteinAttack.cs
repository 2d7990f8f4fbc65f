using static TorchSharp.torch;

namespace Df2.Learning.Methods.Robust;

/// <summary>
/// Frank–Wolfe attack of ℓ2 Wasserstein DRO (Staib &amp; Jegelka): maximise Σ_i ℓ(x_i + δ_i) s.t.
/// ‖(‖δ_i‖₂)_i‖₂ ≤ ε. Linear-maximisation vertex δ_i = ε·s_i·g_i/‖g_i‖ with s_i = ‖g_i‖ / ‖(‖g_j‖)_j‖;
/// x_adv ← (1−γ_k)·x_adv + γ_k·(x + δ), γ_k = 2/(k+2); optionally clipped to [lo, hi] (3D-Learning: the normalised
/// window, [0, 1]). Every iterate is a convex combination of points in the ball, and a clip to a box that holds x only
/// shrinks |x_adv − x| per coordinate, so the budget holds.
/// </summary>
public static class WassersteinAttack
{
    /// <param name="perSampleLoss">ℓ(x) per sample, [B], differentiable in x.</param>
    public static Tensor Run(Func<Tensor, Tensor> perSampleLoss, Tensor inputs, double epsilon, int steps, (double Lo, double Hi)? clip = null)
    {
        var xAdv = inputs.detach().clone();
        for (var k = 0; k < steps; k++)
        {
            using var scope = NewDisposeScope();
            var x = xAdv.detach().requires_grad_(true);
            var total = perSampleLoss(x).sum();
            var g = autograd.grad([total], [x])[0];
            var norm = g.pow(2).sum().sqrt().clamp_min(1e-12);   // ‖(‖g_i‖)_i‖₂
            var vertex = inputs + g * (epsilon / norm);
            var gamma = 2.0 / (k + 2);
            var next = (1 - gamma) * x.detach() + gamma * vertex;
            xAdv = (clip is { } c ? next.clamp(c.Lo, c.Hi) : next).MoveToOuterDisposeScope();
        }
        return xAdv.detach();
    }
}
