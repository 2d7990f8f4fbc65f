using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// DC-RNN style graph-recurrent encoder (Li et al. 2018) for OD tensors: x [B, T, N·N] is read as a
/// graph signal with N nodes whose features are each origin's outgoing log-OD row (scaled by 0.1),
/// through stacked <see cref="DcgruCell"/> layers. <see cref="EncodeStates"/> returns every layer's last
/// state (the decoder's initial states); <see cref="forward"/> flattens the top one to [B, N·H] for the
/// heads that need one vector per window (DF2's query, policy-net).
/// </summary>
public sealed class DcrnnEncoder : SequenceEncoder
{
    private readonly ModuleList<DcgruCell> cells = new();
    private readonly Tensor randomWalk;
    private readonly int nodes, hidden, features;
    public override int OutputSize => nodes * hidden;
    public int Nodes => nodes;
    public int Hidden => hidden;
    public int Layers => cells.Count;
    /// <summary>The random-walk matrix P shared with the decoder.</summary>
    public Tensor RandomWalk => randomWalk;

    public DcrnnEncoder(double[] adjacency, int nodes, int features, int hidden, int layers, Rng rng) : base(nameof(DcrnnEncoder))
    {
        this.nodes = nodes; this.hidden = hidden; this.features = features;
        randomWalk = DcgruCell.RandomWalk(adjacency, nodes);
        for (int l = 0; l < layers; l++) cells.Add(new DcgruCell(l == 0 ? features : hidden, hidden, rng));
        RegisterComponents();
    }

    /// <summary>Last hidden state of every layer, each [B, N, H] (bottom first).</summary>
    public Tensor[] EncodeStates(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1];
        var inputs = new List<Tensor>((int)t);
        for (long s = 0; s < t; s++) inputs.Add(x[.., (int)s].reshape(b, nodes, features) * 0.1f);
        var last = new Tensor[cells.Count];
        for (int l = 0; l < cells.Count; l++)
        {
            var h = zeros([b, nodes, hidden], x.dtype, x.device);
            var outputs = new List<Tensor>((int)t);
            foreach (var xt in inputs) outputs.Add(h = cells[l].forward(xt, h, randomWalk));
            inputs = outputs;
            last[l] = h;
        }
        return last;
    }

    public override Tensor forward(Tensor x) => EncodeStates(x)[^1].reshape(x.shape[0], nodes * hidden);
}
