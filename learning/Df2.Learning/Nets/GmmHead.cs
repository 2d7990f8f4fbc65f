using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// Diagonal Gaussian-mixture forecaster head: from features [B, H], k components over y ∈ ℝ^D:
/// means μ [B, k, D], log-variances [B, k, D] (clamped to [<see cref="MinLogVar"/>, <see cref="MaxLogVar"/>]), mixture logits [B, k].
/// NLL = −log Σ_k π_k Π_d N(y_d; μ_kd, σ²_kd).
/// </summary>
public sealed class GmmHead : nn.Module<Tensor, (Tensor Mean, Tensor LogVar, Tensor Logits)>
{
    private readonly Linear output;
    public int K { get; }
    public int D { get; }

    /// <summary>Floor of the log-variances: σ ≥ e^(−5) ≈ 0.0067, keeps e^(−ℓ) in the NLL finite.</summary>
    public const float MinLogVar = -10f;

    /// <summary>
    /// Ceiling of the log-variances, the same for every task (and the DC-RNN heads): the spec (df2.md, Baselines) gives the
    /// GMM no ceiling, so this is a guard, not a model constant. σ ≤ e^2.5 ≈ 12 is wider than every task's label range
    /// (synthetic |y| of a few units, wind 0–4, inventory 0–3 after scaling, vaccine log(OD + 1)).
    /// </summary>
    public const float MaxLogVar = 5f;

    public GmmHead(int hidden, int k, int d, Rng rng) : base(nameof(GmmHead))
    {
        K = k; D = d;
        output = SeededLayers.Linear(hidden, k * 2 * d + k, rng);
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVar, Tensor Logits) forward(Tensor features)
    {
        long b = features.shape[0];
        var o = output.forward(features);
        var mean = o.narrow(1, 0, K * D).reshape(b, K, D);
        var logVar = o.narrow(1, K * D, K * D).reshape(b, K, D).clamp(MinLogVar, MaxLogVar);
        var logits = o.narrow(1, 2 * K * D, K);
        return (mean, logVar, logits);
    }
}
