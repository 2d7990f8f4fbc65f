using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// Diagonal Gaussian-mixture forecaster head: from features [B, H], k components over y ∈ ℝ^D:
/// means μ [B, k, D], log-variances [B, k, D] (clamped to [−10, maxLogVar]: 5 for the real-world tasks, 10 for the
/// synthetic ones, <see cref="Tasks.ReproductionProfile.MaxLogVar"/>), mixture logits [B, k].
/// NLL = −log Σ_k π_k Π_d N(y_d; μ_kd, σ²_kd).
/// </summary>
public sealed class GmmHead : nn.Module<Tensor, (Tensor Mean, Tensor LogVar, Tensor Logits)>
{
    private readonly Linear output;
    public int K { get; }
    public int D { get; }
    private readonly float maxLogVar;

    public GmmHead(int hidden, int k, int d, float maxLogVar, Rng rng) : base(nameof(GmmHead))
    {
        K = k; D = d; this.maxLogVar = maxLogVar;
        output = SeededLayers.Linear(hidden, k * 2 * d + k, rng);
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVar, Tensor Logits) forward(Tensor features)
    {
        long b = features.shape[0];
        var o = output.forward(features);
        var mean = o.narrow(1, 0, K * D).reshape(b, K, D);
        var logVar = o.narrow(1, K * D, K * D).reshape(b, K, D).clamp(-10f, maxLogVar);
        var logits = o.narrow(1, 2 * K * D, K);
        return (mean, logVar, logits);
    }
}
