using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// The paper's forecaster backbone (2 layers, hidden 256 for wind, 128 for inventory): the engine's
/// batch-first <see cref="LSTM"/> over x [B, T, F], returning the top layer's last hidden state h_T [B, H].
/// </summary>
public sealed class LstmEncoder : SequenceEncoder
{
    private readonly LSTM _lstm;
    public int Hidden { get; }
    public override int OutputSize => Hidden;

    public LstmEncoder(int features, int hidden, int layers, Rng rng)
    {
        Hidden = hidden;
        _lstm = Register("lstm", new LSTM(features, hidden, layers, rng));
    }

    /// <summary>h_n of the top layer: [B, H].</summary>
    public override Tensor Forward(Tensor x)
    {
        var (_, h, _) = _lstm.ForwardFull(x);
        int layers = h.Shape[0];
        return h.Slice(0, layers - 1, layers).Reshape(h.Shape[1], Hidden);
    }
}
