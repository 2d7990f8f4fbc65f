using System.Numerics.Tensors;

namespace Df2.Engine.Backends.Cpu;

public sealed partial class CpuBackend
{
    public void SumTo(float[] src, int[] srcShape, float[] dst, int[] dstShape)
    {
        int n = ShapeUtil.Numel(srcShape), m = ShapeUtil.Numel(dstShape);
        Array.Clear(dst, 0, m);
        if (n == 0) return;
        if (m == 1) { dst[0] = TensorPrimitives.Sum(src.AsSpan(0, n)); return; }
        var (dims, sd, ss) = StridedLayout.Coalesce(srcShape, ShapeUtil.BroadcastStrides(dstShape, srcShape), ShapeUtil.Strides(srcShape));
        int r = dims.Length, n1 = dims[r - 1], n2 = dims[r - 2], d1 = sd[r - 1], d2 = sd[r - 2];
        int tile = n1 * n2, tiles = n / tile;
        int threads = Par.Threads;
        // Private accumulators per thread when the target is small relative to the source.
        if (threads > 1 && n >= 1 << 18 && (long)m * threads * 4 <= n && tiles >= threads)
        {
            var parts = new float[threads][];
            Par.For(threads, long.MaxValue / 4, (c0, c1) =>
            {
                for (int c = c0; c < c1; c++)
                {
                    var buf = new float[m];
                    int s = (int)((long)tiles * c / threads), e = (int)((long)tiles * (c + 1) / threads);
                    SumTiles(src, buf, dims, sd, ss, s, e, n1, n2, d1, d2);
                    parts[c] = buf;
                }
            });
            foreach (var p in parts) TensorPrimitives.Add(dst.AsSpan(0, m), p, dst.AsSpan(0, m));
            return;
        }
        SumTiles(src, dst, dims, sd, ss, 0, tiles, n1, n2, d1, d2);
    }

    private static void SumTiles(float[] src, float[] dst, int[] dims, int[] sd, int[] ss, int t0, int t1, int n1, int n2, int d1, int d2)
    {
        int r = dims.Length, tile = n1 * n2;
        var idx = new int[r];
        StridedLayout.Unravel(t0, dims, r - 2, idx);
        for (int t = t0; t < t1; t++)
        {
            int offD = 0;
            for (int d = 0; d < r - 2; d++) offD += idx[d] * sd[d];
            int o = t * tile;
            if (d1 == 1 && d2 == n1)
            {
                // destination contiguous over the whole tile: one SIMD add
                var dt = dst.AsSpan(offD, tile); TensorPrimitives.Add(dt, src.AsSpan(o, tile), dt);
                StridedLayout.Increment(idx, dims, r - 2);
                continue;
            }
            for (int j = 0; j < n2; j++, o += n1)
            {
                int pd = offD + j * d2;
                var row = src.AsSpan(o, n1);
                if (d1 == 1) { var dr = dst.AsSpan(pd, n1); TensorPrimitives.Add(dr, row, dr); }
                else if (d1 == 0) dst[pd] += TensorPrimitives.Sum(row);
                else for (int i = 0; i < n1; i++) dst[pd + i * d1] += row[i];
            }
            StridedLayout.Increment(idx, dims, r - 2);
        }
    }

    public void BroadcastTo(float[] src, int[] srcShape, float[] dst, int[] dstShape)
    {
        var zeros = new float[1];
        // dst = src + 0 with broadcasting reuses the binary driver.
        BinaryKernels.Run<AddOp>(src, srcShape, zeros, [], dst, dstShape);
    }

    public void Permute(float[] x, int[] shape, int[] perm, float[] dst)
    {
        int r = shape.Length, n = ShapeUtil.Numel(shape);
        var inStr = ShapeUtil.Strides(shape);
        var outShape = new int[r]; var srcStr = new int[r];
        for (int i = 0; i < r; i++) { outShape[i] = shape[perm[i]]; srcStr[i] = inStr[perm[i]]; }
        var (dims, sx, _) = StridedLayout.Coalesce(outShape, srcStr, ShapeUtil.Strides(outShape));
        int rr = dims.Length, n1 = dims[rr - 1], n2 = dims[rr - 2], x1 = sx[rr - 1], x2 = sx[rr - 2];
        int tile = n1 * n2, tiles = n / Math.Max(tile, 1);
        if (n == 0) return;
        Par.For(tiles, tile, (t0, t1) =>
        {
            var idx = new int[rr];
            StridedLayout.Unravel(t0, dims, rr - 2, idx);
            for (int t = t0; t < t1; t++)
            {
                int off = 0;
                for (int d = 0; d < rr - 2; d++) off += idx[d] * sx[d];
                int o = t * tile;
                for (int j = 0; j < n2; j++)
                {
                    int p = off + j * x2;
                    if (x1 == 1) { x.AsSpan(p, n1).CopyTo(dst.AsSpan(o, n1)); o += n1; }
                    else for (int i = 0; i < n1; i++) dst[o++] = x[p + i * x1];
                }
                StridedLayout.Increment(idx, dims, rr - 2);
            }
        });
    }
}
