using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// Forecasting heads on the DC-RNN encoder–decoder for OD tensors (y = T_out days × N origins × F
/// destinations, flattened day-major as the task's y). The decoder's point forecast is the two-stage PE
/// forecast; the k-GMM head reads the decoder's per-(day, node) states:
/// μ_k = ŷ_point + W_μ,k h_t[n], log σ²_k = W_σ,k h_t[n] (clamped to [−10, 5]), mixture logits
/// π = W_π vec(h_enc) from the encoder's top state.
/// </summary>
public sealed class DcrnnForecastHeads : Module
{
    private readonly DcrnnDecoder _decoder;
    private readonly Linear? _mixture;
    private readonly Linear? _logits;
    private readonly int _k, _steps, _nodes, _features, _hidden;

    /// <summary><paramref name="k"/> = 0 builds the point forecaster only.</summary>
    public DcrnnForecastHeads(DcrnnEncoder encoder, int steps, int k, Rng rng)
    {
        _k = k; _steps = steps; _nodes = encoder.Nodes; _features = encoder.Nodes; _hidden = encoder.Hidden;
        _decoder = Register("decoder", new DcrnnDecoder(encoder, steps, _features, rng));
        if (k > 0)
        {
            _mixture = Register("mixture", new Linear(_hidden, k * 2 * _features, rng));
            _logits = Register("logits", new Linear(encoder.OutputSize, k, rng));
        }
    }

    public int OutputDim => _steps * _nodes * _features;

    private Tensor LastDay(Tensor x) => x.Slice(1, x.Shape[1] - 1, x.Shape[1]).Reshape(x.Shape[0], _nodes, _features);

    /// <summary>Point forecast [B, T_out·N·F].</summary>
    public Tensor Point(DcrnnEncoder encoder, Tensor x)
    {
        var (point, _) = _decoder.Decode(encoder.EncodeStates(x), LastDay(x));
        return point.Reshape(x.Shape[0], OutputDim);
    }

    /// <summary>Mixture parameters: means and log-variances [B, k, D], logits [B, k].</summary>
    public (Tensor Mean, Tensor LogVar, Tensor Logits) Mixture(DcrnnEncoder encoder, Tensor x)
    {
        if (_mixture == null || _logits == null) throw new InvalidOperationException("built as a point forecaster (k = 0)");
        int b = x.Shape[0], cells = _steps * _nodes, f = _features;
        var states = encoder.EncodeStates(x);
        var (point, dec) = _decoder.Decode(states, LastDay(x));
        var o = _mixture.Forward(dec.Reshape(b * cells, _hidden)).Reshape(b, cells, _k, 2 * f).Permute(0, 2, 1, 3); // [B, k, T·N, 2F]
        var mean = (o.Slice(3, 0, f) + point.Reshape(b, 1, cells, f)).Reshape(b, _k, OutputDim);
        var logVar = o.Slice(3, f, 2 * f).Reshape(b, _k, OutputDim).Clamp(-10f, 5f);
        var logits = _logits.Forward(states[^1].Reshape(b, encoder.OutputSize));
        return (mean, logVar, logits);
    }
}
