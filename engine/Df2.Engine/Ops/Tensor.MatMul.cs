namespace Df2.Engine;

/// <summary>Matrix products on the backend GEMM, with batch broadcasting.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// C = A·B for A [..., n, k] and B [..., k, m] (batch dims broadcast; 1-D operands are promoted like
    /// torch.matmul). ∂L/∂A = G·Bᵀ, ∂L/∂B = Aᵀ·G (summed over broadcast batch dims).
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        if (Rank == 0 || other.Rank == 0) throw new ArgumentException("MatMul needs operands of rank ≥ 1.");
        if (Rank == 1) return Unsqueeze(0).MatMul(other).Squeeze(-2);
        if (other.Rank == 1) return MatMul(other.Unsqueeze(1)).Squeeze(-1);
        var a = this; var b = other;
        var d = GemmRaw(a, false, b, false, out var shape);
        return Make("matmul", d, shape, [a, b], g =>
        {
            Tensor? ga = null, gb = null;
            if (a.RequiresGrad) ga = new Tensor(GemmRaw(g, false, b, true, out var sa), sa).SumTo(a.Shape);
            if (b.RequiresGrad)
            {
                if (b.Rank == 2 && a.Rank > 2)
                {
                    var a2 = a.Detach().Reshape(-1, a.Shape[^1]); var g2 = g.Reshape(-1, g.Shape[^1]);
                    gb = new Tensor(GemmRaw(a2, true, g2, false, out var sb2), sb2);
                }
                else gb = new Tensor(GemmRaw(a, true, g, false, out var sb), sb).SumTo(b.Shape);
            }
            return [ga, gb];
        });
    }

    /// <summary>x·Wᵀ + b for x [..., in], W [out, in], b [out] (PyTorch's F.linear) without materialising Wᵀ in the graph.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        if (x.Shape[^1] != weight.Shape[1]) throw new ArgumentException($"Linear: input {ShapeUtil.Str(x.Shape)} does not match weight {ShapeUtil.Str(weight.Shape)}.");
        var x2 = x.Rank == 2 ? x : x.Reshape(-1, x.Shape[^1]);
        var d = GemmRaw(x2, false, weight, true, out var s2);
        if (bias is not null)
        {
            int n = weight.Shape[0];
            for (int r = 0; r < s2[0]; r++) System.Numerics.Tensors.TensorPrimitives.Add(d.AsSpan(r * n, n), bias.Span, d.AsSpan(r * n, n));
        }
        var outShape = x.Shape[..^1].Append(weight.Shape[0]).ToArray();
        Tensor[] parents = bias is null ? [x2, weight] : [x2, weight, bias];
        int rows = s2[0], inF = weight.Shape[1], outF = weight.Shape[0];
        var y = MakeInto("linear", d, s2, parents, (g, buf) =>
        {
            // ∂L/∂x = G·W, ∂L/∂W = Gᵀ·x, ∂L/∂b = Σ_rows G — accumulated straight into the gradient buffers
            if (x2.RequiresGrad) B.Gemm(false, false, 1, rows, inF, outF, g.Data, 0, weight.Data, 0, buf(0), true);
            if (weight.RequiresGrad) B.Gemm(true, false, 1, outF, inF, rows, g.Data, 0, x2.Data, 0, buf(1), true);
            if (bias is not null && bias.RequiresGrad)
            {
                var gb = buf(2);
                for (int r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.Add(gb.AsSpan(0, outF), g.Data.AsSpan(r * outF, outF), gb.AsSpan(0, outF));
            }
        });
        return x.Rank == 2 ? y : y.Reshape(outShape);
    }

    /// <summary>op(A)·op(B) with batch broadcasting; returns data and the output shape.</summary>
    internal static float[] GemmRaw(Tensor a, bool ta, Tensor b, bool tb, out int[] shape)
    {
        int n = ta ? a.Shape[^1] : a.Shape[^2], k = ta ? a.Shape[^2] : a.Shape[^1];
        int kb = tb ? b.Shape[^1] : b.Shape[^2], m = tb ? b.Shape[^2] : b.Shape[^1];
        if (k != kb) throw new ArgumentException($"MatMul: inner dims differ: {ShapeUtil.Str(a.Shape)}{(ta ? "ᵀ" : "")} × {ShapeUtil.Str(b.Shape)}{(tb ? "ᵀ" : "")}.");
        var ba = a.Shape[..^2]; var bb = b.Shape[..^2];
        var batchShape = ShapeUtil.Broadcast(ba, bb);
        int batch = ShapeUtil.Numel(batchShape);
        shape = batchShape.Append(n).Append(m).ToArray();
        var c = Alloc(batch * n * m);
        // Fast path: B shared by all batch items and A not transposed ⇒ one GEMM over stacked rows.
        if (ShapeUtil.Numel(bb) == 1 && !ta)
        {
            B.Gemm(false, tb, 1, batch * n, m, k, a.Data, 0, b.Data, 0, c, false);
            return c;
        }
        var (ad, sa) = BatchOperand(a, ba, batchShape);
        var (bd, sb) = BatchOperand(b, bb, batchShape);
        B.Gemm(ta, tb, batch, n, m, k, ad, sa, bd, sb, c, false);
        return c;
    }

    private static (float[] Data, int Stride) BatchOperand(Tensor t, int[] tb, int[] batchShape)
    {
        int mat = t.Shape[^1] * t.Shape[^2];
        if (ShapeUtil.Numel(tb) == 1) return (t.Data, 0);
        if (ShapeUtil.Numel(tb) == ShapeUtil.Numel(batchShape) && tb.Length <= batchShape.Length) return (t.Data, mat);
        var full = batchShape.Append(t.Shape[^2]).Append(t.Shape[^1]).ToArray();
        var d = Alloc(ShapeUtil.Numel(full));
        B.BroadcastTo(t.Data, t.Shape, d, full);
        return (d, mat);
    }
}
