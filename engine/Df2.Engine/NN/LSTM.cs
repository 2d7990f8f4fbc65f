namespace Df2.Engine.NN;

/// <summary>
/// Multi-layer, batch-first LSTM (torch.nn.LSTM with batch_first=True). Per layer l and step t:
///   gates = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh = [i, f, g, o]
///   c_t = σ(f)⊙c_{t−1} + σ(i)⊙tanh(g),  h_t = σ(o)⊙tanh(c_t).
/// Parameters weight_ih_l{l} [4H, in], weight_hh_l{l} [4H, H], bias_ih_l{l}, bias_hh_l{l} [4H],
/// initialised U(−1/√H, 1/√H) like PyTorch.
/// </summary>
public sealed class LSTM : Module
{
    private readonly Tensor[] _wih, _whh, _bih, _bhh;

    public LSTM(int input, int hidden, int layers, Rng rng)
    {
        if (input <= 0 || hidden <= 0 || layers <= 0) throw new ArgumentException("LSTM sizes must be positive.");
        InputSize = input; HiddenSize = hidden; Layers = layers;
        float k = 1f / MathF.Sqrt(hidden);
        _wih = new Tensor[layers]; _whh = new Tensor[layers]; _bih = new Tensor[layers]; _bhh = new Tensor[layers];
        for (int l = 0; l < layers; l++)
        {
            int inF = l == 0 ? input : hidden;
            _wih[l] = Register($"weight_ih_l{l}", rng.Uniform(-k, k, 4 * hidden, inF));
            _whh[l] = Register($"weight_hh_l{l}", rng.Uniform(-k, k, 4 * hidden, hidden));
            _bih[l] = Register($"bias_ih_l{l}", rng.Uniform(-k, k, 4 * hidden));
            _bhh[l] = Register($"bias_hh_l{l}", rng.Uniform(-k, k, 4 * hidden));
        }
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int Layers { get; }

    /// <summary>x [B, T, I] → output [B, T, H] (top layer's hidden states).</summary>
    public override Tensor Forward(Tensor x) => ForwardFull(x).Output;

    /// <summary>x [B, T, I] (optional initial h0, c0 [layers, B, H]) → (output [B,T,H], h_n [layers,B,H], c_n [layers,B,H]).</summary>
    public (Tensor Output, Tensor H, Tensor C) ForwardFull(Tensor x, Tensor? h0 = null, Tensor? c0 = null)
    {
        if (x.Rank != 3 || x.Shape[2] != InputSize)
            throw new ArgumentException($"LSTM expects input [B, T, {InputSize}], got {string.Join("x", x.Shape)}.");
        int b = x.Shape[0], t = x.Shape[1], hs = HiddenSize;
        var hN = new List<Tensor>(); var cN = new List<Tensor>();
        var layerIn = x.Transpose(0, 1); // [T, B, in] so each step is a contiguous slice
        for (int l = 0; l < Layers; l++)
        {
            var xw = Tensor.Linear(layerIn, _wih[l], _bih[l]); // [T, B, 4H], input part for all steps at once
            var h = h0 is null ? Tensor.Zeros(b, hs) : h0.Slice(0, l, l + 1).Reshape(b, hs);
            var c = c0 is null ? Tensor.Zeros(b, hs) : c0.Slice(0, l, l + 1).Reshape(b, hs);
            var outs = new List<Tensor>(t);
            for (int s = 0; s < t; s++)
            {
                var gates = xw.Slice(0, s, s + 1).Reshape(b, 4 * hs).Add(Tensor.Linear(h, _whh[l], _bhh[l]));
                c = LstmCellOps.NewCell(gates, c);
                h = LstmCellOps.NewHidden(gates, c);
                outs.Add(h);
            }
            hN.Add(h); cN.Add(c);
            layerIn = Ops.Stack(outs, 0); // [T, B, H]
        }
        return (layerIn.Transpose(0, 1), Ops.Stack(hN, 0), Ops.Stack(cN, 0));
    }
}
