namespace Df2.Engine;

/// <summary>Shape arithmetic: element counts, row-major strides, broadcasting (NumPy/PyTorch rules).</summary>
internal static class ShapeUtil
{
    /// <summary>Number of elements = product of the dimensions (1 for a scalar of rank 0).</summary>
    public static int Numel(int[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in shape {Str(shape)}.");
            n *= d;
        }
        if (n > int.MaxValue) throw new ArgumentException($"Shape {Str(shape)} has more than 2^31-1 elements.");
        return (int)n;
    }

    /// <summary>Row-major strides: stride[i] = Π_{j>i} shape[j].</summary>
    public static int[] Strides(int[] shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    public static string Str(int[] shape) => "[" + string.Join(",", shape) + "]";

    public static bool Same(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);

    /// <summary>Broadcast result shape: dims aligned from the right; each pair equal or one of them 1.</summary>
    public static int[] Broadcast(int[] a, int[] b)
    {
        int r = Math.Max(a.Length, b.Length);
        var o = new int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i < r - a.Length ? 1 : a[i - (r - a.Length)];
            int db = i < r - b.Length ? 1 : b[i - (r - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"Shapes {Str(a)} and {Str(b)} cannot be broadcast together.");
            o[i] = da == 1 ? db : da;
        }
        return o;
    }

    /// <summary>Strides of <paramref name="inShape"/> viewed as <paramref name="outShape"/>: 0 on broadcast dims.</summary>
    public static int[] BroadcastStrides(int[] inShape, int[] outShape)
    {
        int r = outShape.Length, off = r - inShape.Length;
        if (off < 0) throw new ArgumentException($"Cannot broadcast {Str(inShape)} to {Str(outShape)}.");
        var st = Strides(inShape);
        var o = new int[r];
        for (int i = 0; i < r; i++)
        {
            if (i < off) { o[i] = 0; continue; }
            int d = inShape[i - off];
            if (d == outShape[i]) o[i] = d == 1 ? 0 : st[i - off];
            else if (d == 1) o[i] = 0;
            else throw new ArgumentException($"Cannot broadcast {Str(inShape)} to {Str(outShape)}.");
        }
        return o;
    }

    /// <summary>Normalises a possibly negative dim index against a rank.</summary>
    public static int Dim(int dim, int rank)
    {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) throw new ArgumentOutOfRangeException(nameof(dim), $"dim {dim} out of range for rank {rank}.");
        return d;
    }

    /// <summary>Splits a shape around <paramref name="dim"/> into (outer, n, inner) counts.</summary>
    public static (int Outer, int N, int Inner) Split(int[] shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }

    /// <summary>Shape with <paramref name="dim"/> removed (or set to 1 when keepDim).</summary>
    public static int[] Reduced(int[] shape, int dim, bool keepDim)
    {
        if (keepDim) { var k = (int[])shape.Clone(); k[dim] = 1; return k; }
        var o = new int[shape.Length - 1];
        for (int i = 0, j = 0; i < shape.Length; i++) if (i != dim) o[j++] = shape[i];
        return o;
    }
}
