using System.Numerics;
using System.Runtime.CompilerServices;

namespace Df2.Engine.Backends.Cpu;

/// <summary>
/// C (+)= A·Bᵀ with A [m×k] and B [n×k] both row-major (x·Wᵀ of a linear layer): every C[i,j] is a dot
/// product of two contiguous rows, so no packing is needed. 4×4 tiles keep 16 SIMD accumulators along k;
/// columns are split into blocks of 64 B-rows (kept in cache while all A rows pass) across threads.
/// </summary>
public sealed partial class CpuBackend
{
    private const int NTBlock = 64;

    private static void GemmNT(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, bool parallel)
    {
        int blocks = (n + NTBlock - 1) / NTBlock;
        if (parallel) Par.For(blocks, (long)m * NTBlock * k, (s, e) => NTBlocks(a, aOff, b, bOff, c, cOff, m, n, k, s, e));
        else NTBlocks(a, aOff, b, bOff, c, cOff, m, n, k, 0, blocks);
    }

    private static unsafe void NTBlocks(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, int b0, int b1)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int blk = b0; blk < b1; blk++)
            {
                int j0 = blk * NTBlock, j1 = Math.Min(n, j0 + NTBlock);
                int i = 0;
                for (; i + 4 <= m; i += 4)
                {
                    int j = j0;
                    for (; j + 4 <= j1; j += 4) Dot4x4(pa + aOff + i * k, pb + bOff + j * k, pc + cOff + i * n + j, n, k);
                    for (; j < j1; j++)
                        for (int r = 0; r < 4; r++) pc[cOff + (i + r) * n + j] += Dot(pa + aOff + (i + r) * k, pb + bOff + j * k, k);
                }
                for (; i < m; i++)
                    for (int j = j0; j < j1; j++) pc[cOff + i * n + j] += Dot(pa + aOff + i * k, pb + bOff + j * k, k);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Dot4x4(float* a, float* b, float* c, int ldc, int k)
    {
        int w = Vector<float>.Count, p = 0;
        float* a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k, b1 = b + k, b2 = b + 2 * k, b3 = b + 3 * k;
        Vector<float> s00 = default, s01 = default, s02 = default, s03 = default, s10 = default, s11 = default, s12 = default, s13 = default;
        Vector<float> s20 = default, s21 = default, s22 = default, s23 = default, s30 = default, s31 = default, s32 = default, s33 = default;
        for (; p + w <= k; p += w)
        {
            var y0 = Load(b + p); var y1 = Load(b1 + p); var y2 = Load(b2 + p); var y3 = Load(b3 + p);
            var x = Load(a + p);
            s00 = Vector.FusedMultiplyAdd(x, y0, s00); s01 = Vector.FusedMultiplyAdd(x, y1, s01); s02 = Vector.FusedMultiplyAdd(x, y2, s02); s03 = Vector.FusedMultiplyAdd(x, y3, s03);
            x = Load(a1 + p);
            s10 = Vector.FusedMultiplyAdd(x, y0, s10); s11 = Vector.FusedMultiplyAdd(x, y1, s11); s12 = Vector.FusedMultiplyAdd(x, y2, s12); s13 = Vector.FusedMultiplyAdd(x, y3, s13);
            x = Load(a2 + p);
            s20 = Vector.FusedMultiplyAdd(x, y0, s20); s21 = Vector.FusedMultiplyAdd(x, y1, s21); s22 = Vector.FusedMultiplyAdd(x, y2, s22); s23 = Vector.FusedMultiplyAdd(x, y3, s23);
            x = Load(a3 + p);
            s30 = Vector.FusedMultiplyAdd(x, y0, s30); s31 = Vector.FusedMultiplyAdd(x, y1, s31); s32 = Vector.FusedMultiplyAdd(x, y2, s32); s33 = Vector.FusedMultiplyAdd(x, y3, s33);
        }
        float* t = stackalloc float[16];
        t[0] = Vector.Sum(s00); t[1] = Vector.Sum(s01); t[2] = Vector.Sum(s02); t[3] = Vector.Sum(s03);
        t[4] = Vector.Sum(s10); t[5] = Vector.Sum(s11); t[6] = Vector.Sum(s12); t[7] = Vector.Sum(s13);
        t[8] = Vector.Sum(s20); t[9] = Vector.Sum(s21); t[10] = Vector.Sum(s22); t[11] = Vector.Sum(s23);
        t[12] = Vector.Sum(s30); t[13] = Vector.Sum(s31); t[14] = Vector.Sum(s32); t[15] = Vector.Sum(s33);
        for (; p < k; p++)
            for (int r = 0; r < 4; r++)
            {
                float av = a[r * k + p];
                t[r * 4] += av * b[p]; t[r * 4 + 1] += av * b1[p]; t[r * 4 + 2] += av * b2[p]; t[r * 4 + 3] += av * b3[p];
            }
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < 4; j++) c[r * ldc + j] += t[r * 4 + j];
    }

    private static unsafe float Dot(float* x, float* y, int k)
    {
        int w = Vector<float>.Count, p = 0;
        var s = Vector<float>.Zero;
        for (; p + w <= k; p += w) s = Vector.FusedMultiplyAdd(Load(x + p), Load(y + p), s);
        float r = Vector.Sum(s);
        for (; p < k; p++) r += x[p] * y[p];
        return r;
    }
}
