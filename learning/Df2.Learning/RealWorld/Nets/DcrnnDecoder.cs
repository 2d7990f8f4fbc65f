using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// The decoder half of the DC-RNN encoder–decoder (Li et al. 2018): stacked <see cref="DcgruCell"/>
/// layers started from the encoder's last states and unrolled for T_out steps; at every step each node
/// emits a point forecast of its outgoing row as a correction of the last observed day x_T (our choice: a
/// persistence residual, so an untrained decoder already forecasts "same as the last day"),
/// ŷ_t[n] = x_T[n] + 10·(W_o h_t[n] + b_o) (the encoder reads inputs scaled by 0.1), fed back as the next
/// step's input ×0.1 (step 1 reads x_T; no teacher forcing). Returns the point forecast [B, T_out, N, F] and the top hidden states
/// [B, T_out, N, H] for the probabilistic heads.
/// </summary>
public sealed class DcrnnDecoder : Module
{
    private readonly DcgruCell[] _cells;
    private readonly Linear _out;
    private readonly int _steps, _features;

    public DcrnnDecoder(DcrnnEncoder encoder, int steps, int features, Rng rng)
    {
        _steps = steps; _features = features;
        _cells = new DcgruCell[encoder.Layers];
        for (int l = 0; l < _cells.Length; l++)
            _cells[l] = Register($"layer{l}", new DcgruCell(encoder.RandomWalk, l == 0 ? features : encoder.Hidden, encoder.Hidden, rng));
        _out = Register("out", new Linear(encoder.Hidden, features, rng));
    }

    /// <summary><paramref name="last"/> = the last observed day [B, N, F] (unscaled).</summary>
    public (Tensor Point, Tensor States) Decode(Tensor[] initial, Tensor last)
    {
        int b = initial[0].Shape[0], n = initial[0].Shape[1], hd = initial[0].Shape[2];
        var h = (Tensor[])initial.Clone();
        var input = last * 0.1f;
        var points = new List<Tensor>(_steps);
        var states = new List<Tensor>(_steps);
        for (int t = 0; t < _steps; t++)
        {
            var z = input;
            for (int l = 0; l < _cells.Length; l++) z = h[l] = _cells[l].Step(z, h[l]);
            var yt = last + _out.Forward(z.Reshape(b * n, hd)).Reshape(b, n, _features) * 10f;
            points.Add(yt.Unsqueeze(1));
            states.Add(z.Unsqueeze(1));
            input = yt * 0.1f;
        }
        return (Ops.Cat(points, 1), Ops.Cat(states, 1));
    }
}
