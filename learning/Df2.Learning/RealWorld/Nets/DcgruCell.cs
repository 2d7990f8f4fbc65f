using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// One diffusion-convolutional GRU cell (Li et al. 2018, DC-RNN) on a graph with N nodes:
/// DC(Z) = [Z, PZ, P²Z]·W with the random-walk matrix P = D⁻¹(A + I) (self-loops keep isolated
/// nodes, e.g. Hokkaido and Okinawa, well defined);
/// r, u = σ(DC([X, H])); c = tanh(DC([X, r⊙H])); H' = u⊙H + (1 − u)⊙c.
/// X [B, N, F], H [B, N, Hd].
/// </summary>
public sealed class DcgruCell : Module
{
    private readonly Tensor _p;
    private readonly Linear _gates, _cand;
    private readonly int _nodes;
    public int Hidden { get; }

    public DcgruCell(Tensor randomWalk, int features, int hidden, Rng rng)
    {
        _p = randomWalk; _nodes = randomWalk.Shape[0]; Hidden = hidden;
        int c = features + hidden;
        _gates = Register("gates", new Linear(3 * c, 2 * hidden, rng));
        _cand = Register("cand", new Linear(3 * c, hidden, rng));
    }

    /// <summary>P = D⁻¹(A + I) for a 0/1 adjacency [N·N].</summary>
    public static Tensor RandomWalk(double[] adjacency, int nodes)
    {
        var p = new float[nodes * nodes];
        for (int i = 0; i < nodes; i++)
        {
            double deg = 1;
            for (int j = 0; j < nodes; j++) deg += adjacency[i * nodes + j];
            for (int j = 0; j < nodes; j++) p[i * nodes + j] = (float)(((i == j ? 1 : 0) + adjacency[i * nodes + j]) / deg);
        }
        return Tensor.FromArray(p, nodes, nodes);
    }

    private Tensor Diffuse(Tensor z)
    {
        var p = _p.Unsqueeze(0).Expand(z.Shape[0], _nodes, _nodes);
        var pz = p.MatMul(z);
        return Ops.Cat([z, pz, p.MatMul(pz)], 2);
    }

    private Tensor Dense(Linear lin, Tensor z)
    {
        int b = z.Shape[0];
        return lin.Forward(z.Reshape(b * _nodes, z.Shape[2])).Reshape(b, _nodes, lin.OutFeatures);
    }

    /// <summary>One step: returns H'.</summary>
    public Tensor Step(Tensor x, Tensor h)
    {
        var ru = Dense(_gates, Diffuse(Ops.Cat([x, h], 2))).Sigmoid();
        var r = ru.Slice(2, 0, Hidden);
        var u = ru.Slice(2, Hidden, 2 * Hidden);
        var c = Dense(_cand, Diffuse(Ops.Cat([x, r * h], 2))).Tanh();
        return u * h + (1f - u) * c;
    }
}
