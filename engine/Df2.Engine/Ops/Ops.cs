using Df2.Engine.Backends;

namespace Df2.Engine;

/// <summary>Multi-input ops: concatenation, stacking, elementwise min/max, select.</summary>
public static class Ops
{
    /// <summary>Concatenates along <paramref name="dim"/> (other dims must match). ∂: slices of the gradient.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> ts, int dim)
    {
        if (ts.Count == 0) throw new ArgumentException("Cat: no tensors.");
        var first = ts[0];
        dim = ShapeUtil.Dim(dim, first.Rank);
        int total = 0;
        foreach (var t in ts)
        {
            if (t.Rank != first.Rank) throw new ArgumentException($"Cat: rank mismatch {ShapeUtil.Str(t.Shape)} vs {ShapeUtil.Str(first.Shape)}.");
            for (int i = 0; i < t.Rank; i++)
                if (i != dim && t.Shape[i] != first.Shape[i]) throw new ArgumentException($"Cat: shape {ShapeUtil.Str(t.Shape)} does not match {ShapeUtil.Str(first.Shape)} outside dim {dim}.");
            total += t.Shape[dim];
        }
        var shape = (int[])first.Shape.Clone(); shape[dim] = total;
        var (outer, _, inner) = ShapeUtil.Split(shape, dim);
        var d = Tensor.AllocBuffer(ShapeUtil.Numel(shape));
        var offsets = new int[ts.Count];
        int acc = 0;
        for (int j = 0; j < ts.Count; j++)
        {
            offsets[j] = acc;
            int len = ts[j].Shape[dim] * inner;
            var src = ts[j].Data;
            for (int o = 0; o < outer; o++) Array.Copy(src, o * len, d, o * total * inner + acc * inner, len);
            acc += ts[j].Shape[dim];
        }
        var parts = ts.ToArray();
        return Tensor.Make("cat", d, shape, parts, g =>
        {
            var gs = new Tensor?[parts.Length];
            for (int j = 0; j < parts.Length; j++)
                if (parts[j].RequiresGrad) gs[j] = g.Slice(dim, offsets[j], offsets[j] + parts[j].Shape[dim]);
            return gs;
        });
    }

    /// <summary>Stacks equal-shaped tensors along a new dim.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> ts, int dim)
    {
        if (ts.Count == 0) throw new ArgumentException("Stack: no tensors.");
        dim = ShapeUtil.Dim(dim, ts[0].Rank + 1);
        foreach (var t in ts)
            if (!ShapeUtil.Same(t.Shape, ts[0].Shape)) throw new ArgumentException($"Stack: shape {ShapeUtil.Str(t.Shape)} differs from {ShapeUtil.Str(ts[0].Shape)}.");
        return Cat(ts.Select(t => t.Unsqueeze(dim)).ToList(), dim);
    }

    /// <summary>Elementwise min (broadcasting); ties split the gradient equally, like PyTorch.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => MinMax(a, b, BinaryOp.Min, "minimum");

    /// <summary>Elementwise max (broadcasting); ties split the gradient equally, like PyTorch.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => MinMax(a, b, BinaryOp.Max, "maximum");

    private static Tensor MinMax(Tensor a, Tensor b, BinaryOp op, string name)
    {
        var y = Tensor.BinaryRaw(op, a, b, out var shape);
        return Tensor.Make(name, y.Data, shape, [a, b], g =>
        {
            // weight for a: 1 where a strictly wins, ½ on ties, 0 otherwise
            var wa = new float[y.Numel];
            var ae = a.Expand(shape).Data; var be = b.Expand(shape).Data;
            for (int i = 0; i < wa.Length; i++)
            {
                bool aw = op == BinaryOp.Min ? ae[i] < be[i] : ae[i] > be[i];
                wa[i] = ae[i] == be[i] ? 0.5f : aw ? 1f : 0f;
            }
            var w = new Tensor(wa, shape);
            return [a.RequiresGrad ? g.Mul(w) : null, b.RequiresGrad ? g.Mul(w.Neg().Add(1f)) : null];
        });
    }

    /// <summary>out = cond ≠ 0 ? a : b (broadcasting all three). ∂/∂a = 1[cond], ∂/∂b = 1[¬cond].</summary>
    public static Tensor Where(Tensor cond, Tensor a, Tensor b)
    {
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(cond.Shape, a.Shape), b.Shape);
        float[] c, ae, be;
        using (Autograd.NoGrad()) { c = cond.Expand(shape).Data; ae = a.Expand(shape).Data; be = b.Expand(shape).Data; }
        int n = ShapeUtil.Numel(shape);
        var d = Tensor.AllocBuffer(n);
        var mask = new float[n];
        for (int i = 0; i < n; i++) { bool t = c[i] != 0f; mask[i] = t ? 1f : 0f; d[i] = t ? ae[i] : be[i]; }
        var m = Tensor.Wrap(mask, shape);
        return Tensor.Make("where", d, shape, [a, b], g =>
            [a.RequiresGrad ? g.Mul(m) : null, b.RequiresGrad ? g.Mul(m.Neg().Add(1f)) : null]);
    }
}
