using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// <c>nn.Linear</c> and <c>nn.LSTM</c> with PyTorch's default initialisation drawn from a seeded
/// <see cref="Rng"/>: every weight and bias U(−1/√fan_in, 1/√fan_in) for a linear layer, U(−1/√H, 1/√H)
/// for the LSTM, drawn in the order weight, bias (LSTM per layer: W_ih, W_hh, b_ih, b_hh) — the order
/// and the stream of the engine layers these replace, so a cell starts from the same weights.
/// </summary>
public static class SeededLayers
{
    public static Linear Linear(long inFeatures, long outFeatures, Rng rng)
    {
        var lin = nn.Linear(inFeatures, outFeatures);
        float bound = 1f / MathF.Sqrt(inFeatures);
        HostRandom.FillUniform(lin.weight!, rng, bound);
        HostRandom.FillUniform(lin.bias!, rng, bound);
        return lin;
    }

    /// <summary>Batch-first LSTM over x [B, T, features].</summary>
    public static LSTM Lstm(long features, long hidden, int layers, Rng rng)
    {
        var lstm = nn.LSTM(features, hidden, layers, batchFirst: true);
        float k = 1f / MathF.Sqrt(hidden);
        var named = lstm.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        for (int l = 0; l < layers; l++)
            foreach (var name in new[] { $"weight_ih_l{l}", $"weight_hh_l{l}", $"bias_ih_l{l}", $"bias_hh_l{l}" })
                HostRandom.FillUniform(named[name], rng, k);
        return lstm;
    }
}
