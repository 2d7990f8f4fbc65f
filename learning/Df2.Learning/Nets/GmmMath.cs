using static TorchSharp.torch;
using DataRng = Df2.Learning.Data.DataRng;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>The diagonal Gaussian mixture's likelihood and samplers, shared by the GMM heads (LSTM and DC-RNN).</summary>
public static class GmmMath
{
    private const double LogTwoPi = 1.8378770664093453;

    /// <summary>
    /// Mean NLL of y [B, D] under the mixture: −mean_b logsumexp_k(log π_k + Σ_d log N(y_d; μ_kd, σ²_kd)), with
    /// log N(y; μ, e^ℓ) = −½ (log 2π + ℓ + (y − μ)² e^(−ℓ)): the precision e^(−ℓ) multiplies the squared error, the terms
    /// are summed over d and the sum is halved once.
    /// </summary>
    public static Tensor Nll(Tensor mean, Tensor logVar, Tensor logits, Tensor y)
    {
        var diff = y.unsqueeze(1) - mean;                                              // [B, k, D]
        var logN = (diff.square() * (-logVar).exp() + logVar + LogTwoPi).sum(2L) * -0.5; // Σ_d log N(y_d; μ_kd, σ²_kd), [B, k]
        var comp = logits.log_softmax(1) + logN;                                       // [B, k]
        return -comp.logsumexp(1).mean();
    }

    /// <summary>
    /// Gumbel-softmax reparameterised samples [B, M, D]: ŷ = Σ_k softmax((logits + G)/τ)_k (μ_k + σ_k ε_k)
    /// (Jang et al. 2017), differentiable in all mixture parameters; G and ε from <paramref name="rng"/> (G first).
    /// </summary>
    public static Tensor RelaxedSamples(Tensor mean, Tensor logVar, Tensor logits, int m, float tau, Rng rng)
    {
        long b = mean.shape[0], k = mean.shape[1], d = mean.shape[2];
        var g = HostRandom.Gumbel(rng, mean.device, b, m, k);
        var w = ((logits.unsqueeze(1) + g) * (1f / tau)).softmax(2);                     // [B, M, k]
        var eps = HostRandom.Normal(rng, 0f, 1f, mean.device, b, m, k, d);
        var comp = mean.unsqueeze(1) + (logVar * 0.5f).exp().unsqueeze(1) * eps;         // [B, M, k, D]
        return (w.unsqueeze(3) * comp).sum(2L);                                          // [B, M, D]
    }

    /// <summary>
    /// Exact ancestral samples (no gradient) for SAA at test time: [M, D] for one row, double precision; per sample a
    /// component drawn with probabilities softmax(logits) from <paramref name="rng"/>, then μ + σ·ε per coordinate.
    /// </summary>
    public static double[] Samples(float[] mean, float[] logVar, float[] logits, int row, int k, int d, int m, DataRng rng)
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

    /// <summary>
    /// The mixture's mean E[ŷ] = Σ_k π_k μ_k [B, D] and predictive standard deviation
    /// sd[ŷ] = √(Σ_k π_k (σ_k² + μ_k²) − E[ŷ]²) [B, D] (law of total variance).
    /// </summary>
    public static (Tensor Mean, Tensor Std) Moments(Tensor mean, Tensor logVar, Tensor logits)
    {
        var pi = logits.softmax(1).unsqueeze(2);                                          // [B, k, 1]
        var m = (pi * mean).sum(1L);                                                     // [B, D]
        var second = (pi * (logVar.exp() + mean * mean)).sum(1L);
        return (m, (second - m * m).clamp_min(0).sqrt());
    }
}
