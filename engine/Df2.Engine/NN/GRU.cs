namespace Df2.Engine.NN;

/// <summary>
/// Multi-layer, batch-first GRU (torch.nn.GRU, batch_first=True). Gate order r, z, n:
///   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
///   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h.
/// Parameters weight_ih_l{l} [3H, in], weight_hh_l{l} [3H, H], bias_ih_l{l}, bias_hh_l{l} [3H], init U(−1/√H, 1/√H).
/// </summary>
public sealed class GRU : Module
{
    private readonly Tensor[] _wih, _whh, _bih, _bhh;

    public GRU(int input, int hidden, int layers, Rng rng)
    {
        if (input <= 0 || hidden <= 0 || layers <= 0) throw new ArgumentException("GRU sizes must be positive.");
        InputSize = input; HiddenSize = hidden; Layers = layers;
        float k = 1f / MathF.Sqrt(hidden);
        _wih = new Tensor[layers]; _whh = new Tensor[layers]; _bih = new Tensor[layers]; _bhh = new Tensor[layers];
        for (int l = 0; l < layers; l++)
        {
            int inF = l == 0 ? input : hidden;
            _wih[l] = Register($"weight_ih_l{l}", rng.Uniform(-k, k, 3 * hidden, inF));
            _whh[l] = Register($"weight_hh_l{l}", rng.Uniform(-k, k, 3 * hidden, hidden));
            _bih[l] = Register($"bias_ih_l{l}", rng.Uniform(-k, k, 3 * hidden));
            _bhh[l] = Register($"bias_hh_l{l}", rng.Uniform(-k, k, 3 * hidden));
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int Layers { get; }

    /// <summary>x [B, T, I] → output [B, T, H].</summary>
    public override Tensor Forward(Tensor x) => ForwardFull(x).Output;

    /// <summary>x [B, T, I] (optional h0 [layers, B, H]) → (output [B, T, H], h_n [layers, B, H]).</summary>
    public (Tensor Output, Tensor H) ForwardFull(Tensor x, Tensor? h0 = null)
    {
        if (x.Rank != 3 || x.Shape[2] != InputSize)
            throw new ArgumentException($"GRU expects input [B, T, {InputSize}], got {string.Join("x", x.Shape)}.");
        int b = x.Shape[0], t = x.Shape[1], hs = HiddenSize;
        var hN = new List<Tensor>();
        var layerIn = x.Transpose(0, 1);
        for (int l = 0; l < Layers; l++)
        {
            var xw = Tensor.Linear(layerIn, _wih[l], _bih[l]); // [T, B, 3H]
            var h = h0 is null ? Tensor.Zeros(b, hs) : h0.Slice(0, l, l + 1).Reshape(b, hs);
            var outs = new List<Tensor>(t);
            for (int s = 0; s < t; s++)
            {
                var gi = xw.Slice(0, s, s + 1).Reshape(b, 3 * hs);
                var gh = Tensor.Linear(h, _whh[l], _bhh[l]);
                var r = gi.Slice(1, 0, hs).Add(gh.Slice(1, 0, hs)).Sigmoid();
                var z = gi.Slice(1, hs, 2 * hs).Add(gh.Slice(1, hs, 2 * hs)).Sigmoid();
                var n = gi.Slice(1, 2 * hs, 3 * hs).Add(r.Mul(gh.Slice(1, 2 * hs, 3 * hs))).Tanh();
                h = z.Neg().Add(1f).Mul(n).Add(z.Mul(h));
                outs.Add(h);
            }
            hN.Add(h);
            layerIn = Ops.Stack(outs, 0);
        }
        return (layerIn.Transpose(0, 1), Ops.Stack(hN, 0));
    }
}
