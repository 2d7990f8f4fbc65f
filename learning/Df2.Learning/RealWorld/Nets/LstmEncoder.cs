using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// Stacked LSTM over x [B, T, F], returning the top layer's last hidden state h_T [B, H]
/// (the paper's forecaster backbone: 2 layers, hidden 256 for wind, 128 for inventory).
/// Per layer and step: [i, f, g, o] = W_ih x_t + W_hh h_{t−1} + b; c_t = σ(f)⊙c_{t−1} + σ(i)⊙tanh(g);
/// h_t = σ(o)⊙tanh(c_t); h₀ = c₀ = 0. The input projection of a layer is one matmul over all steps.
/// </summary>
public sealed class LstmEncoder : SequenceEncoder
{
    private readonly Linear[] _ih;
    private readonly Linear[] _hh;
    public int Hidden { get; }
    public override int OutputSize => Hidden;

    public LstmEncoder(int features, int hidden, int layers, Rng rng)
    {
        Hidden = hidden;
        _ih = new Linear[layers];
        _hh = new Linear[layers];
        for (int l = 0; l < layers; l++)
        {
            _ih[l] = Register($"ih{l}", new Linear(l == 0 ? features : hidden, 4 * hidden, rng));
            _hh[l] = Register($"hh{l}", new Linear(hidden, 4 * hidden, rng, bias: false));
        }
    }

    public override Tensor Forward(Tensor x)
    {
        int b = x.Shape[0], t = x.Shape[1];
        var seq = x;
        Tensor h = Tensor.Zeros(b, Hidden);
        for (int l = 0; l < _ih.Length; l++)
        {
            int f = seq.Shape[2];
            var pre = _ih[l].Forward(seq.Reshape(b * t, f)).Reshape(b, t, 4 * Hidden);
            h = Tensor.Zeros(b, Hidden);
            var c = Tensor.Zeros(b, Hidden);
            var outputs = new List<Tensor>(t);
            for (int s = 0; s < t; s++)
            {
                var gates = pre.Slice(1, s, s + 1).Reshape(b, 4 * Hidden) + _hh[l].Forward(h);
                var i = gates.Slice(1, 0, Hidden).Sigmoid();
                var fg = gates.Slice(1, Hidden, 2 * Hidden).Sigmoid();
                var g = gates.Slice(1, 2 * Hidden, 3 * Hidden).Tanh();
                var o = gates.Slice(1, 3 * Hidden, 4 * Hidden).Sigmoid();
                c = fg * c + i * g;
                h = o * c.Tanh();
                if (l + 1 < _ih.Length) outputs.Add(h);
            }
            if (l + 1 < _ih.Length) seq = Ops.Stack(outputs, 1);
        }
        return h;
    }
}
