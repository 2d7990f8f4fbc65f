using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// The decoder half of the DC-RNN encoder–decoder (Li et al. 2018): stacked <see cref="DcgruCell"/>
/// layers started from the encoder's last states and unrolled for T_out steps; at every step each node
/// emits a point forecast of its outgoing row as a correction of the last observed day x_T (our choice: a
/// persistence residual, so an untrained decoder already forecasts "same as the last day"),
/// ŷ_t[n] = x_T[n] + 10·(W_o h_t[n] + b_o) (the encoder reads inputs scaled by 0.1), fed back as the next
/// step's input ×0.1 (step 1 reads x_T; no teacher forcing). Returns the point forecast [B, T_out, N, F] and
/// the top hidden states [B, T_out, N, H] for the probabilistic heads.
/// </summary>
public sealed class DcrnnDecoder : nn.Module<Tensor[], Tensor, Tensor, (Tensor Point, Tensor States)>
{
    private readonly ModuleList<DcgruCell> cells = new();
    private readonly Linear output;
    private readonly int steps, features, hidden;

    public DcrnnDecoder(DcrnnEncoder encoder, int steps, int features, Rng rng) : base(nameof(DcrnnDecoder))
    {
        this.steps = steps; this.features = features; hidden = encoder.Hidden;
        for (int l = 0; l < encoder.Layers; l++)
            cells.Add(new DcgruCell(l == 0 ? features : encoder.Hidden, encoder.Hidden, rng));
        output = SeededLayers.Linear(encoder.Hidden, features, rng);
        RegisterComponents();
    }

    /// <summary><paramref name="last"/> = the last observed day [B, N, F] (unscaled); <paramref name="randomWalk"/> = the encoder's P.</summary>
    public override (Tensor Point, Tensor States) forward(Tensor[] initial, Tensor last, Tensor randomWalk)
    {
        long b = initial[0].shape[0], n = initial[0].shape[1];
        var h = (Tensor[])initial.Clone();
        var input = last * 0.1f;
        var points = new List<Tensor>(steps);
        var states = new List<Tensor>(steps);
        for (int t = 0; t < steps; t++)
        {
            var z = input;
            for (int l = 0; l < cells.Count; l++) z = h[l] = cells[l].forward(z, h[l], randomWalk);
            var yt = last + output.forward(z.reshape(b * n, hidden)).reshape(b, n, features) * 10f;
            points.Add(yt.unsqueeze(1));
            states.Add(z.unsqueeze(1));
            input = yt * 0.1f;
        }
        return (cat(points, 1), cat(states, 1));
    }
}
