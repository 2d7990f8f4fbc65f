using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// Forecasting heads on the DC-RNN encoder–decoder for OD tensors (y = T_out days × N origins × F
/// destinations, flattened day-major as the task's y). The decoder's point forecast is the two-stage PE
/// forecast; the k-GMM head reads the decoder's per-(day, node) states:
/// μ_k = ŷ_point + W_μ,k h_t[n], log σ²_k = W_σ,k h_t[n] (clamped like <see cref="GmmHead"/>'s), mixture logits
/// π = W_π vec(h_enc) from the encoder's top state.
/// </summary>
public sealed class DcrnnForecastHeads : nn.Module<Tensor, Tensor>
{
    private readonly DcrnnEncoder encoder;
    private readonly DcrnnDecoder decoder;
    private readonly Linear? mixture;
    private readonly Linear? logits;
    private readonly int k, steps, nodes, features, hidden;

    /// <summary>Heads on <paramref name="encoder"/> (registered here); <paramref name="k"/> = 0 builds the point forecaster only.</summary>
    public DcrnnForecastHeads(DcrnnEncoder encoder, int steps, int k, Rng rng) : base(nameof(DcrnnForecastHeads))
    {
        this.encoder = encoder;
        this.k = k; this.steps = steps; nodes = encoder.Nodes; features = encoder.Nodes; hidden = encoder.Hidden;
        decoder = new DcrnnDecoder(encoder, steps, features, rng);
        if (k > 0)
        {
            mixture = SeededLayers.Linear(hidden, k * 2 * features, rng);
            logits = SeededLayers.Linear(encoder.OutputSize, k, rng);
        }
        RegisterComponents();
    }

    public int OutputDim => steps * nodes * features;

    private Tensor LastDay(Tensor x) => x[.., -1].reshape(x.shape[0], nodes, features);

    /// <summary>Point forecast [B, T_out·N·F].</summary>
    public override Tensor forward(Tensor x)
    {
        var (point, _) = decoder.forward(encoder.EncodeStates(x), LastDay(x), encoder.RandomWalk);
        return point.reshape(x.shape[0], OutputDim);
    }

    /// <summary>Mixture parameters: means and log-variances [B, k, D], logits [B, k].</summary>
    public (Tensor Mean, Tensor LogVar, Tensor Logits) Mixture(Tensor x)
    {
        if (mixture is null || logits is null) throw new InvalidOperationException("built as a point forecaster (k = 0)");
        long b = x.shape[0], cells = steps * nodes;
        int f = features;
        var states = encoder.EncodeStates(x);
        var (point, dec) = decoder.forward(states, LastDay(x), encoder.RandomWalk);
        var o = mixture.forward(dec.reshape(b, cells, hidden)).reshape(b, cells, k, 2 * f).permute(0, 2, 1, 3); // [B, k, T·N, 2F]
        var mean = (o.narrow(3, 0, f) + point.reshape(b, 1, cells, f)).reshape(b, k, OutputDim);
        var logVar = o.narrow(3, f, f).reshape(b, k, OutputDim).clamp(GmmHead.MinLogVar, GmmHead.MaxLogVar);
        var pi = logits.forward(states[^1].reshape(b, encoder.OutputSize));
        return (mean, logVar, pi);
    }
}
