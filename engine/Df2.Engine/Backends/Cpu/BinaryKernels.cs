using System.Numerics;
using System.Numerics.Tensors;

namespace Df2.Engine.Backends.Cpu;

/// <summary>One elementwise binary operation in scalar and span (SIMD, TensorPrimitives) forms.</summary>
internal interface IBinOp
{
    static abstract float F(float a, float b);
    static abstract Vector<float> V(Vector<float> a, Vector<float> b);
    static abstract bool HasV { get; }
    static abstract void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d);
    static abstract void VS(ReadOnlySpan<float> a, float b, Span<float> d);
    static abstract void SV(float a, ReadOnlySpan<float> b, Span<float> d);
}

internal struct AddOp : IBinOp
{
    public static Vector<float> V(Vector<float> a, Vector<float> b) => a + b;
    public static bool HasV => true;
    public static float F(float a, float b) => a + b;
    public static void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Add(a, b, d);
    public static void VS(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Add(a, b, d);
    public static void SV(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Add(b, a, d);
}

internal struct SubOp : IBinOp
{
    public static Vector<float> V(Vector<float> a, Vector<float> b) => a - b;
    public static bool HasV => true;
    public static float F(float a, float b) => a - b;
    public static void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Subtract(a, b, d);
    public static void VS(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Subtract(a, b, d);
    public static void SV(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Subtract(a, b, d);
}

internal struct MulOp : IBinOp
{
    public static Vector<float> V(Vector<float> a, Vector<float> b) => a * b;
    public static bool HasV => true;
    public static float F(float a, float b) => a * b;
    public static void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Multiply(a, b, d);
    public static void VS(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Multiply(a, b, d);
    public static void SV(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Multiply(b, a, d);
}

internal struct DivOp : IBinOp
{
    public static Vector<float> V(Vector<float> a, Vector<float> b) => a / b;
    public static bool HasV => true;
    public static float F(float a, float b) => a / b;
    public static void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Divide(a, b, d);
    public static void VS(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Divide(a, b, d);
    public static void SV(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Divide(a, b, d);
}

internal struct MinOp : IBinOp
{
    public static Vector<float> V(Vector<float> a, Vector<float> b) => Vector.Min(a, b);
    public static bool HasV => true;
    public static float F(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Min(a, b);
    public static void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Min(a, b, d);
    public static void VS(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Min(a, b, d);
    public static void SV(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Min(b, a, d);
}

internal struct MaxOp : IBinOp
{
    public static Vector<float> V(Vector<float> a, Vector<float> b) => Vector.Max(a, b);
    public static bool HasV => true;
    public static float F(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Max(a, b);
    public static void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Max(a, b, d);
    public static void VS(ReadOnlySpan<float> a, float b, Span<float> d) => TensorPrimitives.Max(a, b, d);
    public static void SV(float a, ReadOnlySpan<float> b, Span<float> d) => TensorPrimitives.Max(b, a, d);
}

internal struct PowOp : IBinOp
{
    public static Vector<float> V(Vector<float> a, Vector<float> b) => throw new NotSupportedException();
    public static bool HasV => false;
    public static float F(float a, float b) => MathF.Pow(a, b);
    public static void VV(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = MathF.Pow(a[i], b[i]); }
    public static void VS(ReadOnlySpan<float> a, float b, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = MathF.Pow(a[i], b); }
    public static void SV(float a, ReadOnlySpan<float> b, Span<float> d) { for (int i = 0; i < d.Length; i++) d[i] = MathF.Pow(a, b[i]); }
}

/// <summary>Broadcasting driver: coalesces dims, then runs SIMD rows or a scalar 2-D inner loop, split over threads.</summary>
internal static class BinaryKernels
{
    /// <summary>
    /// dst[o..o+len) = op(p[i mod n], c[i]) (or op(c[i], p[i mod n]) when !periodicFirst): the periodic operand
    /// (n divides the SIMD width) is expanded once into a vector, so small trailing dims (e.g. d = 2) still run SIMD.
    /// </summary>
    private static void Periodic<TOp>(float[] p, int offP, int n, float[] c, int offC, float[] dst, int o, int len, bool periodicFirst) where TOp : struct, IBinOp
    {
        int w = Vector<float>.Count;
        Span<float> rep = stackalloc float[w];
        for (int i = 0; i < w; i++) rep[i] = p[offP + i % n];
        var vp = new Vector<float>(rep);
        int k = 0;
        var cs = c.AsSpan(offC, len); var ds = dst.AsSpan(o, len);
        for (; k + w <= len; k += w)
        {
            var vc = new Vector<float>(cs.Slice(k, w));
            (periodicFirst ? TOp.V(vp, vc) : TOp.V(vc, vp)).CopyTo(ds.Slice(k, w));
        }
        for (; k < len; k++) ds[k] = periodicFirst ? TOp.F(p[offP + k % n], cs[k]) : TOp.F(cs[k], p[offP + k % n]);
    }

    public static void Run<TOp>(float[] a, int[] aShape, float[] b, int[] bShape, float[] dst, int[] outShape) where TOp : struct, IBinOp
    {
        int n = ShapeUtil.Numel(outShape);
        if (n == 0) return;
        bool aFull = ShapeUtil.Numel(aShape) == n, bFull = ShapeUtil.Numel(bShape) == n;
        if (aFull && bFull)
        {
            Par.For(n, 1, (s, e) => TOp.VV(a.AsSpan(s, e - s), b.AsSpan(s, e - s), dst.AsSpan(s, e - s)));
            return;
        }
        if (aFull && bShape.Length <= outShape.Length && ShapeUtil.Numel(bShape) == 1)
        {
            float bv = b[0];
            Par.For(n, 1, (s, e) => TOp.VS(a.AsSpan(s, e - s), bv, dst.AsSpan(s, e - s)));
            return;
        }
        if (bFull && ShapeUtil.Numel(aShape) == 1)
        {
            float av = a[0];
            Par.For(n, 1, (s, e) => TOp.SV(av, b.AsSpan(s, e - s), dst.AsSpan(s, e - s)));
            return;
        }
        var (dims, sa, sb) = StridedLayout.Coalesce(outShape, ShapeUtil.BroadcastStrides(aShape, outShape), ShapeUtil.BroadcastStrides(bShape, outShape));
        int r = dims.Length;
        int n1 = dims[r - 1], n2 = dims[r - 2];
        int a1 = sa[r - 1], b1 = sb[r - 1], a2 = sa[r - 2], b2 = sb[r - 2];
        int tile = n1 * n2, tiles = n / tile;
        Par.For(tiles, tile, (t0, t1) =>
        {
            var idx = new int[r];
            StridedLayout.Unravel(t0, dims, r - 2, idx);
            for (int t = t0; t < t1; t++)
            {
                int offA = 0, offB = 0;
                for (int d = 0; d < r - 2; d++) { offA += idx[d] * sa[d]; offB += idx[d] * sb[d]; }
                int o = t * tile;
                if (TOp.HasV && n1 < 16 && Vector<float>.Count % n1 == 0 && n2 * n1 >= Vector<float>.Count)
                {
                    // one operand periodic with period n1 (broadcast over dim r−2), the other contiguous over the tile
                    if (a1 == 1 && a2 == 0 && b1 == 1 && b2 == n1) { Periodic<TOp>(a, offA, n1, b, offB, dst, o, tile, true); StridedLayout.Increment(idx, dims, r - 2); continue; }
                    if (b1 == 1 && b2 == 0 && a1 == 1 && a2 == n1) { Periodic<TOp>(b, offB, n1, a, offA, dst, o, tile, false); StridedLayout.Increment(idx, dims, r - 2); continue; }
                }
                for (int j = 0; j < n2; j++, o += n1)
                {
                    int pa = offA + j * a2, pb = offB + j * b2;
                    var dRow = dst.AsSpan(o, n1);
                    if (n1 >= 16 && a1 == 1 && b1 == 1) TOp.VV(a.AsSpan(pa, n1), b.AsSpan(pb, n1), dRow);
                    else if (n1 >= 16 && a1 == 1 && b1 == 0) TOp.VS(a.AsSpan(pa, n1), b[pb], dRow);
                    else if (n1 >= 16 && a1 == 0 && b1 == 1) TOp.SV(a[pa], b.AsSpan(pb, n1), dRow);
                    else for (int i = 0; i < n1; i++) dRow[i] = TOp.F(a[pa + i * a1], b[pb + i * b1]);
                }
                StridedLayout.Increment(idx, dims, r - 2);
            }
        });
    }
}
