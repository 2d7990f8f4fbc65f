using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// <c>nn.Linear</c> and <c>nn.LSTM</c> with PyTorch's default initialisation drawn from the cell's own seeded stream,
/// never from libtorch's process-wide generator (two worker slots of one process then cannot change each other's
/// starting weights): every weight and bias U(−1/√fan_in, 1/√fan_in) for a linear layer, U(−1/√H, 1/√H) for the
/// LSTM, drawn in the order weight, bias (LSTM per layer: W_ih, W_hh, b_ih, b_hh). Two streams: a kernels
/// <see cref="Rng"/> (the learning core: the order and stream of the engine layers these replaced, so a cell starts
/// from the same weights) and a torch <see cref="Generator"/> (llm-provisioning: the same <c>uniform_</c> draws,
/// so a generator seeded s gives the weights <c>torch.manual_seed(s)</c> followed by the default constructors gave —
/// pinned by a test).
/// </summary>
public static class SeededLayers
{
    public static Linear Linear(long inFeatures, long outFeatures, Rng rng) =>
        Linear(inFeatures, outFeatures, (t, fanIn) => HostRandom.FillUniform(t, rng, 1f / MathF.Sqrt(fanIn)));

    public static Linear Linear(long inFeatures, long outFeatures, Generator generator) =>
        Linear(inFeatures, outFeatures, (t, fanIn) => FillUniform(t, 1 / Math.Sqrt(fanIn), generator));

    /// <summary>Batch-first LSTM over x [B, T, features].</summary>
    public static LSTM Lstm(long features, long hidden, int layers, Rng rng) =>
        Lstm(features, hidden, layers, (t, h) => HostRandom.FillUniform(t, rng, 1f / MathF.Sqrt(h)));

    /// <summary>Batch-first LSTM over x [B, T, features].</summary>
    public static LSTM Lstm(long features, long hidden, int layers, Generator generator) =>
        Lstm(features, hidden, layers, (t, h) => FillUniform(t, 1 / Math.Sqrt(h), generator));

    /// <summary>A new tensor U(−bound, bound) from <paramref name="generator"/> (a convolution's weight or bias).</summary>
    public static Tensor Uniform(long[] shape, double bound, Generator generator) => empty(shape).uniform_(-bound, bound, generator);

    /// <summary>fill(tensor, fan_in) for the weight, then the bias.</summary>
    private static Linear Linear(long inFeatures, long outFeatures, Action<Tensor, long> fill)
    {
        var lin = nn.Linear(inFeatures, outFeatures);
        fill(lin.weight!, inFeatures);
        fill(lin.bias!, inFeatures);
        return lin;
    }

    /// <summary>fill(tensor, H) per layer for W_ih, W_hh, b_ih, b_hh.</summary>
    private static LSTM Lstm(long features, long hidden, int layers, Action<Tensor, long> fill)
    {
        var lstm = nn.LSTM(features, hidden, layers, batchFirst: true);
        var named = lstm.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        for (int l = 0; l < layers; l++)
            foreach (var name in new[] { $"weight_ih_l{l}", $"weight_hh_l{l}", $"bias_ih_l{l}", $"bias_hh_l{l}" })
                fill(named[name], hidden);
        return lstm;
    }

    private static void FillUniform(Tensor parameter, double bound, Generator generator)
    {
        using var _ = no_grad();
        parameter.uniform_(-bound, bound, generator);
    }
}
