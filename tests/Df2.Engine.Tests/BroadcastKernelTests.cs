using Df2.Engine;

namespace Df2.Engine.Tests;

/// <summary>Broadcast kernels (periodic small trailing dims, contiguous tiles, short-row sums) against index arithmetic.</summary>
public class BroadcastKernelTests
{
    [Theory]
    [InlineData(new[] { 3, 4, 1, 2 }, new[] { 1, 1, 9, 2 })]   // the DF2 cost pattern: a[b,J,1,d] vs v[1,1,S,d]
    [InlineData(new[] { 1, 1, 9, 2 }, new[] { 3, 4, 1, 2 })]
    [InlineData(new[] { 2, 1, 4 }, new[] { 2, 7, 4 })]
    [InlineData(new[] { 5, 1, 1 }, new[] { 5, 6, 8 })]
    [InlineData(new[] { 6, 8 }, new[] { 2, 1, 8 })]
    public void Sub_div_sumto_match_naive(int[] sa, int[] sb)
    {
        var rng = new Rng(4);
        var a = rng.Uniform(0.5f, 2f, sa); var b = rng.Uniform(0.5f, 2f, sb);
        var sub = a.Sub(b); var div = a.Div(b);
        var shape = sub.Shape;
        int n = sub.Numel, r = shape.Length;
        var idx = new int[r];
        for (int k = 0; k < n; k++)
        {
            float av = a[Map(idx, sa, r)], bv = b[Map(idx, sb, r)];
            Assert.Equal(av - bv, sub.Span[k], 5);
            Assert.Equal(av / bv, div.Span[k], 5);
            for (int d = r - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
        }
        // SumTo back to each operand's shape equals summing over the broadcast positions
        var sa2 = sub.SumTo(sa).ToArray();
        var expected = new double[a.Numel];
        Array.Clear(idx);
        var st = Strides(sa);
        for (int k = 0; k < n; k++)
        {
            var m = Map(idx, sa, r); int off = 0;
            for (int d = 0; d < sa.Length; d++) off += m[d] * st[d];
            expected[off] += sub.Span[k];
            for (int d = r - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
        }
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - sa2[i]) < 1e-3, $"SumTo[{i}] {sa2[i]} vs {expected[i]}");
        // short-row sums over the last dim
        var s = sub.Sum(-1).ToArray();
        var full = sub.ToArray();
        int last = shape[^1];
        for (int o = 0; o < s.Length; o++) Assert.Equal(full.Skip(o * last).Take(last).Sum(), s[o], 4);
    }

    private static int[] Map(int[] outIdx, int[] shape, int r)
    {
        var m = new int[shape.Length];
        for (int d = 0; d < shape.Length; d++) m[d] = shape[d] == 1 ? 0 : outIdx[r - shape.Length + d];
        return m;
    }

    private static int[] Strides(int[] s)
    {
        var st = new int[s.Length]; int acc = 1;
        for (int i = s.Length - 1; i >= 0; i--) { st[i] = acc; acc *= s[i]; }
        return st;
    }
}
