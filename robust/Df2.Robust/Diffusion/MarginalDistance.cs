using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>1-D Wasserstein-1 distance between two empirical marginals: ∫ |F_a⁻¹(q) − F_b⁻¹(q)| dq on a quantile grid.</summary>
public static class MarginalDistance
{
    public static double W1(Tensor a, Tensor b, int grid = 1000)
    {
        using var scope = NewDisposeScope();
        var q = (arange(grid, dtype: float64) + 0.5) / grid;
        var qa = quantile(a.flatten().to(float64).cpu(), q);
        var qb = quantile(b.flatten().to(float64).cpu(), q);
        return (qa - qb).abs().mean().item<double>();
    }
}
