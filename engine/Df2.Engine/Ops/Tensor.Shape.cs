namespace Df2.Engine;

/// <summary>Shape ops: reshape, permute/transpose, slice, index_select, gather, expand, (un)squeeze.</summary>
public sealed partial class Tensor
{
    /// <summary>Same data, new shape (one dim may be −1). ∂: reshape back.</summary>
    public Tensor Reshape(params int[] shape)
    {
        shape = (int[])shape.Clone();
        int infer = -1, known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1) { if (infer >= 0) throw new ArgumentException("Reshape: only one dim may be -1."); infer = i; }
            else known *= shape[i];
        }
        if (infer >= 0) shape[infer] = known == 0 ? 0 : Numel / known;
        if (ShapeUtil.Numel(shape) != Numel)
            throw new ArgumentException($"Reshape: cannot view {ShapeUtil.Str(Shape)} ({Numel} elements) as {ShapeUtil.Str(shape)}.");
        var x = this;
        return Make("reshape", Data, shape, [x], g => [g.Reshape(x.Shape)]);
    }

    /// <summary>Flattens to 1-D.</summary>
    public Tensor Flatten() => Reshape(Numel);

    /// <summary>Inserts a size-1 dim at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim)
    {
        dim = ShapeUtil.Dim(dim, Rank + 1);
        var s = new List<int>(Shape); s.Insert(dim, 1);
        return Reshape(s.ToArray());
    }

    /// <summary>Removes the size-1 dim at <paramref name="dim"/>.</summary>
    public Tensor Squeeze(int dim)
    {
        dim = ShapeUtil.Dim(dim, Rank);
        if (Shape[dim] != 1) throw new ArgumentException($"Squeeze: dim {dim} of {ShapeUtil.Str(Shape)} is not 1.");
        return Reshape(ShapeUtil.Reduced(Shape, dim, false));
    }

    /// <summary>Reorders dims: output dim i is input dim dims[i]. ∂: the inverse permutation.</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != Rank) throw new ArgumentException($"Permute: {dims.Length} dims for rank {Rank}.");
        var perm = dims.Select(d => ShapeUtil.Dim(d, Rank)).ToArray();
        if (perm.Distinct().Count() != Rank) throw new ArgumentException("Permute: dims must be a permutation.");
        var inv = new int[Rank];
        for (int i = 0; i < Rank; i++) inv[perm[i]] = i;
        var shape = perm.Select(p => Shape[p]).ToArray();
        var d = Alloc(Numel);
        B.Permute(Data, Shape, perm, d);
        return Make("permute", d, shape, [this], g => [g.Permute(inv)]);
    }

    /// <summary>Swaps two dims.</summary>
    public Tensor Transpose(int d0, int d1)
    {
        d0 = ShapeUtil.Dim(d0, Rank); d1 = ShapeUtil.Dim(d1, Rank);
        var p = Enumerable.Range(0, Rank).ToArray();
        (p[d0], p[d1]) = (p[d1], p[d0]);
        return Permute(p);
    }

    /// <summary>Matrix transpose of the last two dims.</summary>
    public Tensor T() => Transpose(-2, -1);

    /// <summary>Elements start ≤ i &lt; end along <paramref name="dim"/>. ∂: scatter into zeros.</summary>
    public Tensor Slice(int dim, int start, int end)
    {
        dim = ShapeUtil.Dim(dim, Rank);
        int size = Shape[dim];
        if (start < 0) start += size;
        if (end < 0) end += size;
        if (start < 0 || end > size || start > end) throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start},{end}) out of range for dim {dim} of size {size}.");
        var idx = Enumerable.Range(start, end - start).ToArray();
        return IndexSelect(dim, idx);
    }

    /// <summary>out[..., i, ...] = x[..., indices[i], ...] along <paramref name="dim"/>. ∂: index-add.</summary>
    public Tensor IndexSelect(int dim, int[] indices)
    {
        dim = ShapeUtil.Dim(dim, Rank);
        var (outer, n, inner) = ShapeUtil.Split(Shape, dim);
        foreach (var ix in indices)
            if (ix < 0 || ix >= n) throw new IndexOutOfRangeException($"IndexSelect: index {ix} out of range for dim {dim} of size {n}.");
        int m = indices.Length;
        var d = Alloc(outer * m * inner);
        var src = Data;
        Par.For(outer, (long)m * inner, (s, e) =>
        {
            for (int o = s; o < e; o++)
                for (int i = 0; i < m; i++)
                    Array.Copy(src, (o * n + indices[i]) * inner, d, (o * m + i) * inner, inner);
        });
        var shape = (int[])Shape.Clone(); shape[dim] = m;
        var x = this;
        return MakeInto("index_select", d, shape, [x], (g, buf) =>
        {
            var gx = buf(0);
            var gd = g.Data;
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < m; i++)
                {
                    int so = (o * m + i) * inner, dO = (o * n + indices[i]) * inner;
                    System.Numerics.Tensors.TensorPrimitives.Add(gx.AsSpan(dO, inner), gd.AsSpan(so, inner), gx.AsSpan(dO, inner));
                }
        });
    }

    /// <summary>
    /// torch.gather: out[i₀..iₙ] = x[i₀.., index[i₀..iₙ], ..iₙ] (index replaces the coordinate at <paramref name="dim"/>).
    /// <paramref name="index"/> holds integer values stored as floats; it has x's rank and out takes its shape. ∂: scatter-add.
    /// </summary>
    public Tensor Gather(int dim, Tensor index)
    {
        dim = ShapeUtil.Dim(dim, Rank);
        if (index.Rank != Rank) throw new ArgumentException($"Gather: index rank {index.Rank} must equal tensor rank {Rank}.");
        for (int i = 0; i < Rank; i++)
            if (i != dim && index.Shape[i] > Shape[i]) throw new ArgumentException($"Gather: index shape {ShapeUtil.Str(index.Shape)} exceeds {ShapeUtil.Str(Shape)} at dim {i}.");
        int n = index.Numel, r = Rank;
        var srcPos = new int[n];
        var xStr = ShapeUtil.Strides(Shape);
        var idx = new int[r];
        for (int p = 0; p < n; p++)
        {
            int k = (int)index.Data[p];
            if (k < 0 || k >= Shape[dim] || k != index.Data[p]) throw new IndexOutOfRangeException($"Gather: index value {index.Data[p]} invalid for dim {dim} of size {Shape[dim]}.");
            int off = 0;
            for (int d = 0; d < r; d++) off += (d == dim ? k : idx[d]) * xStr[d];
            srcPos[p] = off;
            Backends.Cpu.StridedLayout.Increment(idx, index.Shape, r);
        }
        var o = Alloc(n);
        for (int p = 0; p < n; p++) o[p] = Data[srcPos[p]];
        var x = this;
        return Make("gather", o, (int[])index.Shape.Clone(), [x], g =>
        {
            var gx = new float[x.Numel];
            for (int p = 0; p < n; p++) gx[srcPos[p]] += g.Data[p];
            return [new Tensor(gx, x.Shape)];
        });
    }

    /// <summary>Gather with integer indices given directly.</summary>
    public Tensor Gather(int dim, int[] index, int[] indexShape) =>
        Gather(dim, Wrap(index.Select(i => (float)i).ToArray(), indexShape));

    /// <summary>Broadcasts (materialised) to <paramref name="shape"/> (−1 keeps a dim). ∂: sum back.</summary>
    public Tensor Expand(params int[] shape)
    {
        shape = (int[])shape.Clone();
        int off = shape.Length - Rank;
        for (int i = 0; i < shape.Length; i++) if (shape[i] == -1) shape[i] = Shape[i - off];
        if (ShapeUtil.Same(shape, Shape)) return this;
        ShapeUtil.BroadcastStrides(Shape, shape);
        var d = Alloc(ShapeUtil.Numel(shape));
        B.BroadcastTo(Data, Shape, d, shape);
        var x = this;
        return Make("expand", d, shape, [x], g => [g.SumTo(x.Shape)]);
    }
}
