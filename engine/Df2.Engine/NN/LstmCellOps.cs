namespace Df2.Engine.NN;

/// <summary>
/// Fused LSTM cell pieces as custom ops (gate order i, f, g, o as in PyTorch; gates are pre-activations [B, 4H]):
///   c' = σ(f)⊙c + σ(i)⊙tanh(g)      (NewCell)
///   h' = σ(o)⊙tanh(c')              (NewHidden)
/// Each op returns gradients only for the gate block it reads (zeros elsewhere); autograd sums them.
/// </summary>
internal static class LstmCellOps
{
    private static float Sig(float x) => 1f / (1f + MathF.Exp(-x));

    public static Tensor NewCell(Tensor gates, Tensor c)
    {
        int b = c.Shape[0], h = c.Shape[1];
        var gd = gates.Data; var cd = c.Data;
        var o = new float[b * h];
        for (int r = 0; r < b; r++)
            for (int j = 0; j < h; j++)
            {
                int g0 = r * 4 * h;
                o[r * h + j] = Sig(gd[g0 + h + j]) * cd[r * h + j] + Sig(gd[g0 + j]) * MathF.Tanh(gd[g0 + 2 * h + j]);
            }
        return Tensor.MakeInto("lstm_cell_c", o, [b, h], [gates, c], (gOut, buf) =>
        {
            var go = gOut.Data;
            var gg = buf(0); var gc = c.RequiresGrad ? buf(1) : new float[b * h];
            for (int r = 0; r < b; r++)
                for (int j = 0; j < h; j++)
                {
                    int g0 = r * 4 * h, k = r * h + j;
                    float si = Sig(gd[g0 + j]), sf = Sig(gd[g0 + h + j]), tg = MathF.Tanh(gd[g0 + 2 * h + j]), d = go[k];
                    gg[g0 + j] += d * tg * si * (1 - si);
                    gg[g0 + h + j] += d * cd[k] * sf * (1 - sf);
                    gg[g0 + 2 * h + j] += d * si * (1 - tg * tg);
                    gc[k] += d * sf;
                }
        });
    }

    public static Tensor NewHidden(Tensor gates, Tensor cNew)
    {
        int b = cNew.Shape[0], h = cNew.Shape[1];
        var gd = gates.Data; var cd = cNew.Data;
        var o = new float[b * h];
        for (int r = 0; r < b; r++)
            for (int j = 0; j < h; j++)
                o[r * h + j] = Sig(gd[r * 4 * h + 3 * h + j]) * MathF.Tanh(cd[r * h + j]);
        return Tensor.MakeInto("lstm_cell_h", o, [b, h], [gates, cNew], (gOut, buf) =>
        {
            var go = gOut.Data;
            var gg = buf(0); var gc = buf(1);
            for (int r = 0; r < b; r++)
                for (int j = 0; j < h; j++)
                {
                    int k = r * h + j, gi = r * 4 * h + 3 * h + j;
                    float so = Sig(gd[gi]), tc = MathF.Tanh(cd[k]), d = go[k];
                    gg[gi] += d * tc * so * (1 - so);
                    gc[k] += d * so * (1 - tc * tc);
                }
        });
    }
}
