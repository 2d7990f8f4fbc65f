using static TorchSharp.torch;

namespace Df2.Learning.Methods.Robust;

/// <summary>
/// Worst-case weights of KL-DRO: sup_{KL(P‖P̂) ≤ ρ} E_P ℓ = min_{α>0} α·log mean exp(ℓ_i/α) + α·ρ, attained by
/// p = softmax(ℓ/α*) with KL(p_α*‖uniform) = ρ. α* by geometric bisection on device (fixed iteration
/// count, no host round trip); KL(p_α‖u) decreases in α. When ρ ≥ KL at α → 0 the weights tend to the arg max.
/// </summary>
public static class KlDroWeights
{
    public const int Iterations = 80;

    /// <summary>KL(softmax(ℓ/α) ‖ uniform) = Σ p log p + log n.</summary>
    public static Tensor Divergence(Tensor losses, Tensor alpha)
    {
        var logP = (losses / alpha).log_softmax(0);
        return (logP.exp() * logP).sum() + Math.Log(losses.shape[0]);
    }

    public static (Tensor Alpha, Tensor Weights) Solve(Tensor losses, double rho)
    {
        using var scope = NewDisposeScope();
        var l = losses.detach().to(float64);
        var spread = (l.max() - l.min()).clamp_min(1e-30);
        var lo = spread * 1e-8;
        var hi = spread * 1e8;
        for (var i = 0; i < Iterations; i++)
        {
            var mid = (lo * hi).sqrt();
            var tooFlat = Divergence(l, mid) < rho;   // α too large → p too close to uniform
            hi = where(tooFlat, mid, hi);
            lo = where(tooFlat, lo, mid);
        }
        var alpha = (lo * hi).sqrt();
        var weights = (l / alpha).softmax(0).to(losses.dtype);
        return (alpha.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
