using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// The paper's forecaster backbone (2 layers, hidden 256 for wind, 128 for inventory): libtorch's
/// batch-first <c>nn.LSTM</c> over x [B, T, F], returning the top layer's last hidden state h_T [B, H].
/// </summary>
public sealed class LstmEncoder : SequenceEncoder
{
    private readonly LSTM lstm;
    public int Hidden { get; }
    public override int OutputSize => Hidden;

    public LstmEncoder(int features, int hidden, int layers, Rng rng) : base(nameof(LstmEncoder))
    {
        Hidden = hidden;
        lstm = SeededLayers.Lstm(features, hidden, layers, rng);
        RegisterComponents();
    }

    /// <summary>h_n of the top layer: [B, H].</summary>
    public override Tensor forward(Tensor x)
    {
        var (_, h, _) = lstm.forward(x);
        return h[-1];
    }
}
