using static TorchSharp.torch;

namespace Df2.Learning.Methods.Robust;

/// <summary>
/// Worst-case weights of χ²-DRO (beyond the paper): sup { Σ_i p_i ℓ_i : p in the simplex, D(p‖u) ≤ ρ } with
/// D(p‖u) = (1/n) Σ_i ½ (n p_i − 1)² (the χ² divergence from the uniform batch distribution, Cressie–Read
/// k = 2 as in Duchi &amp; Namkoong). Stationarity of the Lagrangian gives p_i ∝ (ℓ_i − η)₊, and D grows as η rises
/// towards max ℓ, so η* solves D(p_η) = ρ: bisection on device over η ∈ [min ℓ − 10⁸·spread, max ℓ] (fixed
/// iteration count, no host round trip). When ρ ≥ D at η → max ℓ the weights sit on the arg max; ρ = 0 gives
/// the uniform weights (the plain mean).
/// </summary>
public static class ChiSquareDroWeights
{
    public const int Iterations = 120;

    /// <summary>p_η = (ℓ − η)₊ / Σ (ℓ − η)₊; for η ≥ max ℓ its limit, uniform on the arg max.</summary>
    public static Tensor Weights(Tensor losses, Tensor eta)
    {
        var excess = (losses - eta).clamp_min(0);
        var atMax = (losses == losses.max()).to(losses.dtype);
        var w = where(excess.sum() > 0, excess, atMax);
        return w / w.sum();
    }

    /// <summary>D(p‖u) = mean ½ (n p − 1)².</summary>
    public static Tensor Divergence(Tensor weights) => ((weights * weights.shape[0] - 1).square() * 0.5).mean();

    public static (Tensor Eta, Tensor Weights) Solve(Tensor losses, double rho)
    {
        using var scope = NewDisposeScope();
        var l = losses.detach().to(float64);
        var spread = (l.max() - l.min()).clamp_min(1e-30);
        var lo = l.min() - spread * 1e8;
        var hi = l.max();
        for (var i = 0; i < Iterations; i++)
        {
            var mid = (lo + hi) * 0.5;
            var tooFlat = Divergence(Weights(l, mid)) < rho;   // η too low → p too close to uniform
            lo = where(tooFlat, mid, lo);
            hi = where(tooFlat, hi, mid);
        }
        var weights = Weights(l, lo).to(losses.dtype);          // lo: the side whose divergence is ≤ ρ
        return (lo.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
