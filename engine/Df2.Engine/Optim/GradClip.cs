namespace Df2.Engine.Optim;

/// <summary>Gradient clipping by global norm (torch.nn.utils.clip_grad_norm_).</summary>
public static class GradClip
{
    /// <summary>
    /// total = √(Σ_p ‖∇p‖²); every gradient is scaled by min(1, maxNorm/(total + 1e-6)). Returns total.
    /// </summary>
    public static float ClipGradNorm(IEnumerable<Tensor> ps, float maxNorm)
    {
        var list = ps.Where(p => p.Grad is not null).ToList();
        double sq = 0;
        foreach (var p in list) foreach (var g in p.Grad!.Span) sq += (double)g * g;
        float total = (float)Math.Sqrt(sq);
        float coef = maxNorm / (total + 1e-6f);
        if (coef < 1f)
            foreach (var p in list) System.Numerics.Tensors.TensorPrimitives.Multiply(p.Grad!.Span, coef, p.Grad.MutableSpan);
        return total;
    }
}
