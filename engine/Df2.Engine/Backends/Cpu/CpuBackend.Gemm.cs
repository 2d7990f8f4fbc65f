using System.Numerics;
using System.Runtime.CompilerServices;

namespace Df2.Engine.Backends.Cpu;

/// <summary>
/// Blocked, multi-threaded SGEMM: C (+)= A·B, row-major. Rows of C are split over threads in
/// blocks of 4; within a thread the K and N loops are blocked (KC×NC panel of B stays in L2) and a
/// 4×(2·W) register micro-kernel broadcasts A and streams B with fused multiply-adds (W = SIMD width).
/// Transposed operands are materialised first (O(size), negligible against O(m·n·k)).
/// </summary>
public sealed partial class CpuBackend
{
    private const int KC = 256, NC = 512;

    public void Gemm(bool transA, bool transB, int batch, int m, int n, int k,
                     float[] a, int aBatchStride, float[] b, int bBatchStride, float[] c, bool accumulate)
    {
        if (!accumulate) Array.Clear(c, 0, batch * m * n);
        if (m == 0 || n == 0 || k == 0) return;
        if (transA) { a = TransposeBatches(a, aBatchStride == 0 ? 1 : batch, k, m); aBatchStride = aBatchStride == 0 ? 0 : m * k; }
        if (transB) { b = TransposeBatches(b, bBatchStride == 0 ? 1 : batch, n, k); bBatchStride = bBatchStride == 0 ? 0 : k * n; }
        int rowBlocks = (m + 3) / 4;
        int items = batch * rowBlocks;
        var aa = a; var bb = b;
        Par.For(items, 4L * n * k, (s, e) =>
        {
            for (int it = s; it < e; it++)
            {
                int bi = it / rowBlocks, i0 = (it % rowBlocks) * 4, rows = Math.Min(4, m - i0);
                GemmRows(aa, bi * aBatchStride + i0 * k, k, bb, bi * bBatchStride, n, c, bi * m * n + i0 * n, n, rows, n, k);
            }
        });
    }

    private float[] TransposeBatches(float[] x, int batch, int rows, int cols)
    {
        var t = Tensor.AllocBuffer(batch * rows * cols);
        for (int bi = 0; bi < batch; bi++)
        {
            int o = bi * rows * cols;
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    t[o + j * rows + i] = x[o + i * cols + j];
        }
        return t;
    }

    private static unsafe void GemmRows(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int rows, int n, int k)
    {
        fixed (float* pa0 = a, pb0 = b, pc0 = c)
        {
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    float* pa = pa0 + aOff + pc, pb = pb0 + bOff + pc * ldb + jc, pcc = pc0 + cOff + jc;
                    if (rows == 4) Micro4(pa, lda, pb, ldb, pcc, ldc, kc, nc);
                    else for (int r = 0; r < rows; r++) Micro1(pa + r * lda, pb, ldb, pcc + r * ldc, kc, nc);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro4(float* a, int lda, float* b, int ldb, float* c, int ldc, int kc, int nc)
    {
        int w = Vector<float>.Count, j = 0;
        float* a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
        float* c1 = c + ldc, c2 = c + 2 * ldc, c3 = c + 3 * ldc;
        for (; j + 2 * w <= nc; j += 2 * w)
        {
            var x00 = Load(c + j); var x01 = Load(c + j + w);
            var x10 = Load(c1 + j); var x11 = Load(c1 + j + w);
            var x20 = Load(c2 + j); var x21 = Load(c2 + j + w);
            var x30 = Load(c3 + j); var x31 = Load(c3 + j + w);
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb)
            {
                var b0 = Load(bp); var b1 = Load(bp + w);
                var v = new Vector<float>(a[p]); x00 = Vector.FusedMultiplyAdd(v, b0, x00); x01 = Vector.FusedMultiplyAdd(v, b1, x01);
                v = new Vector<float>(a1[p]); x10 = Vector.FusedMultiplyAdd(v, b0, x10); x11 = Vector.FusedMultiplyAdd(v, b1, x11);
                v = new Vector<float>(a2[p]); x20 = Vector.FusedMultiplyAdd(v, b0, x20); x21 = Vector.FusedMultiplyAdd(v, b1, x21);
                v = new Vector<float>(a3[p]); x30 = Vector.FusedMultiplyAdd(v, b0, x30); x31 = Vector.FusedMultiplyAdd(v, b1, x31);
            }
            Store(c + j, x00); Store(c + j + w, x01); Store(c1 + j, x10); Store(c1 + j + w, x11);
            Store(c2 + j, x20); Store(c2 + j + w, x21); Store(c3 + j, x30); Store(c3 + j + w, x31);
        }
        for (; j + w <= nc; j += w)
        {
            var x0 = Load(c + j); var x1 = Load(c1 + j); var x2 = Load(c2 + j); var x3 = Load(c3 + j);
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb)
            {
                var b0 = Load(bp);
                x0 = Vector.FusedMultiplyAdd(new Vector<float>(a[p]), b0, x0);
                x1 = Vector.FusedMultiplyAdd(new Vector<float>(a1[p]), b0, x1);
                x2 = Vector.FusedMultiplyAdd(new Vector<float>(a2[p]), b0, x2);
                x3 = Vector.FusedMultiplyAdd(new Vector<float>(a3[p]), b0, x3);
            }
            Store(c + j, x0); Store(c1 + j, x1); Store(c2 + j, x2); Store(c3 + j, x3);
        }
        for (; j < nc; j++)
        {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb) { float bv = *bp; s0 += a[p] * bv; s1 += a1[p] * bv; s2 += a2[p] * bv; s3 += a3[p] * bv; }
            c[j] += s0; c1[j] += s1; c2[j] += s2; c3[j] += s3;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro1(float* a, float* b, int ldb, float* c, int kc, int nc)
    {
        int w = Vector<float>.Count, j = 0;
        for (; j + w <= nc; j += w)
        {
            var x0 = Load(c + j);
            float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb) x0 = Vector.FusedMultiplyAdd(new Vector<float>(a[p]), Load(bp), x0);
            Store(c + j, x0);
        }
        for (; j < nc; j++)
        {
            float s = 0; float* bp = b + j;
            for (int p = 0; p < kc; p++, bp += ldb) s += a[p] * *bp;
            c[j] += s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<float> Load(float* p) => Unsafe.ReadUnaligned<Vector<float>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* p, Vector<float> v) => Unsafe.WriteUnaligned(p, v);
}
