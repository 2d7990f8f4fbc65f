using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// Diagonal Gaussian-mixture forecaster head: from features [B, H], k components over y ∈ ℝ^D:
/// means μ [B, k, D], log-variances [B, k, D] (clamped to [−10, 5]), mixture logits [B, k].
/// NLL = −log Σ_k π_k Π_d N(y_d; μ_kd, σ²_kd).
/// </summary>
public sealed class GmmHead : Module
{
    private readonly Linear _out;
    public int K { get; }
    public int D { get; }

    public GmmHead(int hidden, int k, int d, Rng rng)
    {
        K = k; D = d;
        _out = Register("out", new Linear(hidden, k * 2 * d + k, rng));
    }

    public (Tensor Mean, Tensor LogVar, Tensor Logits) Parameters(Tensor features)
    {
        int b = features.Shape[0];
        var o = _out.Forward(features);
        var mean = o.Slice(1, 0, K * D).Reshape(b, K, D);
        var logVar = o.Slice(1, K * D, 2 * K * D).Reshape(b, K, D).Clamp(-10f, 5f);
        var logits = o.Slice(1, 2 * K * D, 2 * K * D + K);
        return (mean, logVar, logits);
    }

    /// <summary>Mean NLL of y [B, D] under the mixture.</summary>
    public static Tensor Nll(Tensor mean, Tensor logVar, Tensor logits, Tensor y)
    {
        var diff = mean - y.Unsqueeze(1);                                             // [B, k, D]
        var logN = ((diff * diff) / logVar.Exp() + logVar + MathF.Log(2 * MathF.PI)) * -0.5f;
        var comp = logN.Sum(2) + logits.LogSoftmax(1);                                 // [B, k]
        return -comp.LogSumExp(1).Mean();
    }

    /// <summary>
    /// Gumbel-softmax reparameterised samples [B, M, D]: ŷ = Σ_k softmax((logits + G)/τ)_k (μ_k + σ_k ε_k)
    /// (Jang et al. 2017), differentiable in all mixture parameters.
    /// </summary>
    public static Tensor RelaxedSamples(Tensor mean, Tensor logVar, Tensor logits, int m, float tau, Rng rng)
    {
        int b = mean.Shape[0], k = mean.Shape[1], d = mean.Shape[2];
        var g = rng.Gumbel(b, m, k);
        var w = ((logits.Unsqueeze(1) + g) * (1f / tau)).Softmax(2);                    // [B, M, k]
        var eps = rng.Normal(0f, 1f, b, m, k, d);
        var comp = mean.Unsqueeze(1) + (logVar * 0.5f).Exp().Unsqueeze(1) * eps;        // [B, M, k, D]
        return (w.Unsqueeze(3) * comp).Sum(2);                                          // [B, M, D]
    }

    /// <summary>Exact ancestral samples (no gradient) for SAA at test time: [M, D] per row, double precision.</summary>
    public static double[] Samples(float[] mean, float[] logVar, float[] logits, int row, int k, int d, int m, Df2.Learning.Data.DataRng rng)
    {
        var w = new double[k];
        double max = double.NegativeInfinity;
        for (int c = 0; c < k; c++) max = Math.Max(max, logits[row * k + c]);
        for (int c = 0; c < k; c++) w[c] = Math.Exp(logits[row * k + c] - max);
        var result = new double[m * d];
        for (int s = 0; s < m; s++)
        {
            int c = rng.Categorical(w);
            for (int i = 0; i < d; i++)
            {
                int o = (row * k + c) * d + i;
                result[s * d + i] = mean[o] + Math.Exp(0.5 * logVar[o]) * rng.NextNormal();
            }
        }
        return result;
    }
}
