using Df2.Engine;
using Df2.Engine.Backends;

namespace Df2.Engine.Tests;

/// <summary>Every GEMM path (packed, transposed-B dot kernel, transposed A, batched, partial tiles) against a naive double loop.</summary>
public class GemmTests
{
    [Theory]
    [InlineData(false, false, 1, 67, 301, 130)]
    [InlineData(false, true, 1, 67, 301, 130)]   // dot kernel (k ≥ 32)
    [InlineData(false, true, 1, 5, 7, 3)]        // packed transposed (k < 32)
    [InlineData(true, false, 1, 33, 20, 45)]
    [InlineData(true, true, 3, 9, 18, 40)]
    [InlineData(false, false, 4, 6, 17, 9)]      // batched, parallel over batch items
    [InlineData(false, true, 2, 70, 300, 600)]   // several K and N panels
    public void Matches_naive(bool ta, bool tb, int batch, int m, int n, int k)
    {
        var rng = new Rng((ulong)(m * 1000 + n));
        var a = rng.Uniform(-1, 1, batch * m * k).ToArray();
        var b = rng.Uniform(-1, 1, batch * n * k).ToArray();
        var c = rng.Uniform(-1, 1, batch * m * n).ToArray();
        var c0 = (float[])c.Clone();
        Backend.Current.Gemm(ta, tb, batch, m, n, k, a, m * k, b, n * k, c, accumulate: true);
        for (int bi = 0; bi < batch; bi++)
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = c0[bi * m * n + i * n + j];
                    for (int p = 0; p < k; p++)
                    {
                        float av = ta ? a[bi * m * k + p * m + i] : a[bi * m * k + i * k + p];
                        float bv = tb ? b[bi * n * k + j * k + p] : b[bi * n * k + p * n + j];
                        s += (double)av * bv;
                    }
                    Assert.True(Math.Abs(s - c[bi * m * n + i * n + j]) < 2e-4, $"C[{bi},{i},{j}] = {c[bi * m * n + i * n + j]} vs {s}");
                }
    }
}
