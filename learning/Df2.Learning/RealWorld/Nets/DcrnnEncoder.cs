using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// DC-RNN style graph-recurrent encoder (Li et al. 2018) for OD tensors: x [B, T, N·N] is read as a
/// graph signal with N nodes whose features are each origin's outgoing log-OD row (scaled by 0.1).
/// Each layer is a GRU whose gates use diffusion convolution over the adjacency,
/// DC(Z) = [Z, PZ, P²Z]·W with the random-walk matrix P = D⁻¹(A + I) (self-loops keep nodes without
/// land borders, e.g. Hokkaido and Okinawa, well defined):
/// r, u = σ(DC([X, H])); c = tanh(DC([X, r⊙H])); H = u⊙H + (1 − u)⊙c.
/// The top layer's last hidden state [B, N, H] is flattened to [B, N·H] for the heads (the forecasting
/// heads play the decoder's role; the paper's separate decoder RNN is not reproduced).
/// </summary>
public sealed class DcrnnEncoder : SequenceEncoder
{
    private readonly Tensor _p;
    private readonly Linear[] _gates;
    private readonly Linear[] _cand;
    private readonly int _nodes, _hidden, _features;
    public override int OutputSize => _nodes * _hidden;

    public DcrnnEncoder(double[] adjacency, int nodes, int features, int hidden, int layers, Rng rng)
    {
        _nodes = nodes; _hidden = hidden; _features = features;
        var p = new float[nodes * nodes];
        for (int i = 0; i < nodes; i++)
        {
            double deg = 1;
            for (int j = 0; j < nodes; j++) deg += adjacency[i * nodes + j];
            for (int j = 0; j < nodes; j++) p[i * nodes + j] = (float)(((i == j ? 1 : 0) + adjacency[i * nodes + j]) / deg);
        }
        _p = Tensor.FromArray(p, nodes, nodes);
        _gates = new Linear[layers];
        _cand = new Linear[layers];
        for (int l = 0; l < layers; l++)
        {
            int c = (l == 0 ? features : hidden) + hidden;
            _gates[l] = Register($"gates{l}", new Linear(3 * c, 2 * hidden, rng));
            _cand[l] = Register($"cand{l}", new Linear(3 * c, hidden, rng));
        }
    }

    private Tensor Diffuse(Tensor z)
    {
        int b = z.Shape[0];
        var p = _p.Unsqueeze(0).Expand(b, _nodes, _nodes);
        var pz = p.MatMul(z);
        return Ops.Cat([z, pz, p.MatMul(pz)], 2);
    }

    private Tensor Dense(Linear lin, Tensor z)
    {
        int b = z.Shape[0];
        return lin.Forward(z.Reshape(b * _nodes, z.Shape[2])).Reshape(b, _nodes, lin.OutFeatures);
    }

    public override Tensor Forward(Tensor x)
    {
        int b = x.Shape[0], t = x.Shape[1];
        var inputs = new List<Tensor>(t);
        for (int s = 0; s < t; s++) inputs.Add(x.Slice(1, s, s + 1).Reshape(b, _nodes, _features) * 0.1f);
        Tensor h = Tensor.Zeros(b, _nodes, _hidden);
        for (int l = 0; l < _gates.Length; l++)
        {
            h = Tensor.Zeros(b, _nodes, _hidden);
            var outputs = new List<Tensor>(t);
            foreach (var xt in inputs)
            {
                var ru = Dense(_gates[l], Diffuse(Ops.Cat([xt, h], 2))).Sigmoid();
                var r = ru.Slice(2, 0, _hidden);
                var u = ru.Slice(2, _hidden, 2 * _hidden);
                var c = Dense(_cand[l], Diffuse(Ops.Cat([xt, r * h], 2))).Tanh();
                h = u * h + (1f - u) * c;
                outputs.Add(h);
            }
            inputs = outputs;
        }
        return h.Reshape(b, _nodes * _hidden);
    }
}
