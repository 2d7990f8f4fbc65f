using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// One diffusion-convolutional GRU cell (Li et al. 2018, DC-RNN) on a graph with N nodes:
/// DC(Z) = [Z, PZ, P²Z]·W with the random-walk matrix P = D⁻¹(A + I) (self-loops keep isolated
/// nodes, e.g. Hokkaido and Okinawa, well defined);
/// r, u = σ(DC([X, H])); c = tanh(DC([X, r⊙H])); H' = u⊙H + (1 − u)⊙c.
/// X [B, N, F], H [B, N, Hd]; P [N, N] is passed in (one buffer, owned by the encoder).
/// </summary>
public sealed class DcgruCell : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear gates, cand;
    public int Hidden { get; }

    public DcgruCell(int features, int hidden, Rng rng) : base(nameof(DcgruCell))
    {
        Hidden = hidden;
        int c = features + hidden;
        gates = SeededLayers.Linear(3 * c, 2 * hidden, rng);
        cand = SeededLayers.Linear(3 * c, hidden, rng);
        RegisterComponents();
    }

    /// <summary>P = D⁻¹(A + I) for a 0/1 adjacency [N·N], float32 [N, N].</summary>
    public static Tensor RandomWalk(double[] adjacency, int nodes)
    {
        var p = new float[nodes * nodes];
        for (int i = 0; i < nodes; i++)
        {
            double deg = 1;
            for (int j = 0; j < nodes; j++) deg += adjacency[i * nodes + j];
            for (int j = 0; j < nodes; j++) p[i * nodes + j] = (float)(((i == j ? 1 : 0) + adjacency[i * nodes + j]) / deg);
        }
        return tensor(p, [nodes, nodes]);
    }

    /// <summary>[Z, PZ, P²Z] along the feature axis (P broadcast over the batch).</summary>
    private static Tensor Diffuse(Tensor p, Tensor z)
    {
        var pz = matmul(p, z);
        return cat([z, pz, matmul(p, pz)], 2);
    }

    /// <summary>One step with random-walk matrix <paramref name="p"/>: returns H'.</summary>
    public override Tensor forward(Tensor x, Tensor h, Tensor p)
    {
        var ru = gates.forward(Diffuse(p, cat([x, h], 2))).sigmoid();
        var r = ru.narrow(2, 0, Hidden);
        var u = ru.narrow(2, Hidden, Hidden);
        var c = cand.forward(Diffuse(p, cat([x, r * h], 2))).tanh();
        return u * h + (1f - u) * c;
    }
}
