using Df2.Engine;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// DC-RNN style graph-recurrent encoder (Li et al. 2018) for OD tensors: x [B, T, N·N] is read as a
/// graph signal with N nodes whose features are each origin's outgoing log-OD row (scaled by 0.1),
/// through stacked <see cref="DcgruCell"/> layers. <see cref="EncodeStates"/> returns every layer's last
/// state (the decoder's initial states); <see cref="Forward"/> flattens the top one to [B, N·H] for the
/// heads that need one vector per window (DF2's query, policy-net).
/// </summary>
public sealed class DcrnnEncoder : SequenceEncoder
{
    private readonly DcgruCell[] _cells;
    private readonly int _nodes, _hidden, _features;
    public override int OutputSize => _nodes * _hidden;
    public int Nodes => _nodes;
    public int Hidden => _hidden;
    public int Layers => _cells.Length;
    /// <summary>The random-walk matrix P shared with the decoder.</summary>
    public Tensor RandomWalk { get; }

    public DcrnnEncoder(double[] adjacency, int nodes, int features, int hidden, int layers, Rng rng)
    {
        _nodes = nodes; _hidden = hidden; _features = features;
        RandomWalk = DcgruCell.RandomWalk(adjacency, nodes);
        _cells = new DcgruCell[layers];
        for (int l = 0; l < layers; l++)
            _cells[l] = Register($"layer{l}", new DcgruCell(RandomWalk, l == 0 ? features : hidden, hidden, rng));
    }

    /// <summary>Last hidden state of every layer, each [B, N, H] (bottom first).</summary>
    public Tensor[] EncodeStates(Tensor x)
    {
        int b = x.Shape[0], t = x.Shape[1];
        var inputs = new List<Tensor>(t);
        for (int s = 0; s < t; s++) inputs.Add(x.Slice(1, s, s + 1).Reshape(b, _nodes, _features) * 0.1f);
        var last = new Tensor[_cells.Length];
        for (int l = 0; l < _cells.Length; l++)
        {
            var h = Tensor.Zeros(b, _nodes, _hidden);
            var outputs = new List<Tensor>(t);
            foreach (var xt in inputs) outputs.Add(h = _cells[l].Step(xt, h));
            inputs = outputs;
            last[l] = h;
        }
        return last;
    }

    public override Tensor Forward(Tensor x)
    {
        var top = EncodeStates(x)[^1];
        return top.Reshape(x.Shape[0], _nodes * _hidden);
    }
}
