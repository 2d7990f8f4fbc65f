using System.Numerics;
using System.Runtime.CompilerServices;

namespace Df2.Engine.Backends.Cpu;

/// <summary>
/// Blocked, multi-threaded SGEMM: C (+)= op(A)·op(B), row-major.
/// For each KC×NC panel of B: the panel is packed once into 16-column strips laid out contiguously
/// (p-major), so the micro-kernel streams it linearly whatever B's row stride or transposition; then
/// the 4-row blocks of C are split over threads and a 4×16 register micro-kernel (8 vector
/// accumulators, fused multiply-add) runs over each strip. op(A) = Aᵀ is materialised first.
/// </summary>
public sealed partial class CpuBackend
{
    private const int KC = 256, NC = 256, MR = 4, NR = 16;

    [ThreadStatic] private static float[]? _packBuffer;

    /// <summary>Per-thread packing buffer for one KC×NC panel (reused: no allocation per GEMM call).</summary>
    private static float[] PackBuffer() => _packBuffer ??= new float[KC * (NC + NR)];

    public void Gemm(bool transA, bool transB, int batch, int m, int n, int k,
                     float[] a, int aBatchStride, float[] b, int bBatchStride, float[] c, bool accumulate)
    {
        if (!accumulate) Array.Clear(c, 0, batch * m * n);
        if (m == 0 || n == 0 || k == 0) return;
        if (transA) { a = TransposeBatches(a, aBatchStride == 0 ? 1 : batch, k, m); aBatchStride = aBatchStride == 0 ? 0 : m * k; }
        bool parallelBatches = batch >= Par.Threads && (long)m * n * k < 1L << 22;
        if (parallelBatches)
        {
            var aa = a;
            Par.For(batch, (long)m * n * k, (s, e) =>
            {
                var pack = PackBuffer();
                for (int bi = s; bi < e; bi++) GemmOne(aa, bi * aBatchStride, b, bi * bBatchStride, transB, c, bi * m * n, m, n, k, pack, false);
            });
            return;
        }
        var packBuf = PackBuffer();
        for (int bi = 0; bi < batch; bi++) GemmOne(a, bi * aBatchStride, b, bi * bBatchStride, transB, c, bi * m * n, m, n, k, packBuf, true);
    }

    /// <summary>C[m×n] += A[m×k]·op(B) for one batch item; B is k×n (or n×k when transB).</summary>
    private static void GemmOne(float[] a, int aOff, float[] b, int bOff, bool transB, float[] c, int cOff, int m, int n, int k, float[] pack, bool parallel)
    {
        if (transB && k >= 32) { GemmNT(a, aOff, b, bOff, c, cOff, m, n, k, parallel); return; }
        int rowBlocks = (m + MR - 1) / MR;
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            int strips = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                PackB(b, bOff, transB, n, k, pc, kc, jc, nc, pack);
                if (parallel)
                    Par.For(rowBlocks, (long)MR * nc * kc, (s, e) => RowBlocks(a, aOff, k, pc, kc, pack, strips, nc, c, cOff + jc, n, m, s, e));
                else RowBlocks(a, aOff, k, pc, kc, pack, strips, nc, c, cOff + jc, n, m, 0, rowBlocks);
            }
        }
    }

    /// <summary>Packs B[pc..pc+kc, jc..jc+nc] into strips of NR columns: pack[strip][p][0..NR) (zero-padded).</summary>
    private static void PackB(float[] b, int bOff, bool transB, int n, int k, int pc, int kc, int jc, int nc, float[] pack)
    {
        int strips = (nc + NR - 1) / NR;
        for (int s = 0; s < strips; s++)
        {
            int j0 = jc + s * NR, w = Math.Min(NR, jc + nc - j0), dst = s * kc * NR;
            for (int p = 0; p < kc; p++, dst += NR)
            {
                if (!transB && w == NR) { b.AsSpan(bOff + (pc + p) * n + j0, NR).CopyTo(pack.AsSpan(dst, NR)); continue; }
                if (!transB) Array.Copy(b, bOff + (pc + p) * n + j0, pack, dst, w);
                else for (int j = 0; j < w; j++) pack[dst + j] = b[bOff + (j0 + j) * k + pc + p];
                if (w < NR) Array.Clear(pack, dst + w, NR - w);
            }
        }
    }

    private static unsafe void RowBlocks(float[] a, int aOff, int lda, int pc, int kc, float[] pack, int strips, int nc, float[] c, int cOff, int ldc, int m, int rb0, int rb1)
    {
        fixed (float* pa0 = a, pp0 = pack, pc0 = c)
        {
            for (int rb = rb0; rb < rb1; rb++)
            {
                int i0 = rb * MR, rows = Math.Min(MR, m - i0);
                float* pa = pa0 + aOff + i0 * lda + pc;
                for (int s = 0; s < strips; s++)
                {
                    int cols = Math.Min(NR, nc - s * NR);
                    float* pcc = pc0 + cOff + i0 * ldc + s * NR;
                    float* bp = pp0 + s * kc * NR;
                    if (rows == MR) Micro4x16(pa, lda, bp, pcc, ldc, kc, cols);
                    else for (int r = 0; r < rows; r++) Micro1x16(pa + r * lda, bp, pcc + r * ldc, kc, cols);
                }
            }
        }
    }

    private float[] TransposeBatches(float[] x, int batch, int rows, int cols)
    {
        var t = Tensor.AllocBuffer(batch * rows * cols);
        const int T = 32;
        for (int bi = 0; bi < batch; bi++)
        {
            int o = bi * rows * cols;
            for (int i0 = 0; i0 < rows; i0 += T)
                for (int j0 = 0; j0 < cols; j0 += T)
                    for (int i = i0; i < Math.Min(rows, i0 + T); i++)
                        for (int j = j0; j < Math.Min(cols, j0 + T); j++)
                            t[o + j * rows + i] = x[o + i * cols + j];
        }
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro4x16(float* a, int lda, float* bp, float* c, int ldc, int kc, int cols)
    {
        const int W = 8;
        if (Vector<float>.Count != W) { for (int r = 0; r < 4; r++) Micro1x16(a + r * lda, bp, c + r * ldc, kc, cols); return; }
        float* a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda;
        Vector<float> x00 = default, x01 = default, x10 = default, x11 = default, x20 = default, x21 = default, x30 = default, x31 = default;
        for (int p = 0; p < kc; p++, bp += NR)
        {
            var b0 = Load(bp); var b1 = Load(bp + W);
            var v = new Vector<float>(a[p]); x00 = Vector.FusedMultiplyAdd(v, b0, x00); x01 = Vector.FusedMultiplyAdd(v, b1, x01);
            v = new Vector<float>(a1[p]); x10 = Vector.FusedMultiplyAdd(v, b0, x10); x11 = Vector.FusedMultiplyAdd(v, b1, x11);
            v = new Vector<float>(a2[p]); x20 = Vector.FusedMultiplyAdd(v, b0, x20); x21 = Vector.FusedMultiplyAdd(v, b1, x21);
            v = new Vector<float>(a3[p]); x30 = Vector.FusedMultiplyAdd(v, b0, x30); x31 = Vector.FusedMultiplyAdd(v, b1, x31);
        }
        if (cols == NR)
        {
            Store(c, Load(c) + x00); Store(c + W, Load(c + W) + x01);
            float* c1 = c + ldc; Store(c1, Load(c1) + x10); Store(c1 + W, Load(c1 + W) + x11);
            float* c2 = c + 2 * ldc; Store(c2, Load(c2) + x20); Store(c2 + W, Load(c2 + W) + x21);
            float* c3 = c + 3 * ldc; Store(c3, Load(c3) + x30); Store(c3 + W, Load(c3 + W) + x31);
            return;
        }
        float* t = stackalloc float[4 * NR];
        Store(t, x00); Store(t + W, x01); Store(t + 16, x10); Store(t + 24, x11);
        Store(t + 32, x20); Store(t + 40, x21); Store(t + 48, x30); Store(t + 56, x31);
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < cols; j++) c[r * ldc + j] += t[r * NR + j];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro1x16(float* a, float* bp, float* c, int kc, int cols)
    {
        float* t = stackalloc float[NR];
        for (int j = 0; j < NR; j++) t[j] = 0;
        for (int p = 0; p < kc; p++, bp += NR)
        {
            float av = a[p];
            for (int j = 0; j < NR; j++) t[j] += av * bp[j];
        }
        for (int j = 0; j < cols; j++) c[j] += t[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector<float> Load(float* p) => Unsafe.ReadUnaligned<Vector<float>>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* p, Vector<float> v) => Unsafe.WriteUnaligned(p, v);
}
