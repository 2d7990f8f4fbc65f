using System.Numerics;
using Df2.Engine;

namespace Df2.Bench;

/// <summary>
/// Fused pairwise task cost for the synthetic non-convex task (a <see cref="Tensor.Custom"/> op):
///   F[b,j,s] = Σ_d c(v[s,d], a[b,j,d]),  c(v, a) = 10·relu(v − a)² + 2·relu(a − v)² + 4a³
/// with analytic derivatives ∂c/∂v = 20·relu(v − a) − 4·relu(a − v) and ∂c/∂a = −∂c/∂v + 12a².
/// Forward rows (b,j) and backward accumulation are split over threads; inner loops are SIMD over s.
/// </summary>
public static class PairwiseCostOp
{
    public static Tensor Apply(Tensor vals, Tensor a)
    {
        int s = vals.Shape[0], dims = vals.Shape[1], rows = a.Numel / dims;
        if (a.Shape[^1] != dims) throw new ArgumentException($"PairwiseCost: a's last dim {a.Shape[^1]} ≠ vals' {dims}.");
        var vT = Transpose(vals.Span, s, dims);            // [d][s] contiguous per coordinate
        var ad = a.Span.ToArray();
        var f = GC.AllocateUninitializedArray<float>(rows * s);
        Parallel.For(0, Par.Threads, t =>
        {
            var (r0, r1) = Range(rows, t, Par.Threads);
            for (int r = r0; r < r1; r++) ForwardRow(vT, ad, r, dims, s, f.AsSpan(r * s, s));
        });
        var outShape = a.Shape[..^1].Append(s).ToArray();
        return Tensor.Custom("pairwise_cost", f, outShape, [vals, a], g => Backward(g, vT, ad, rows, dims, s, vals.RequiresGrad, a.RequiresGrad));
    }

    internal static void ForwardRow(float[][] vT, float[] ad, int r, int dims, int s, Span<float> dst)
    {
        dst.Clear();
        int w = Vector<float>.Count;
        for (int d = 0; d < dims; d++)
        {
            float av = ad[r * dims + d], cube = 4 * av * av * av;
            var v = vT[d];
            var va = new Vector<float>(av); var vc = new Vector<float>(cube);
            int i = 0;
            for (; i + w <= s; i += w)
            {
                var diff = new Vector<float>(v, i) - va;
                var pos = Vector.Max(diff, Vector<float>.Zero); var neg = Vector.Max(-diff, Vector<float>.Zero);
                var acc = new Vector<float>(dst.Slice(i, w)) + 10f * pos * pos + 2f * neg * neg + vc;
                acc.CopyTo(dst.Slice(i, w));
            }
            for (; i < s; i++)
            {
                float diff = v[i] - av, p = MathF.Max(diff, 0), n = MathF.Max(-diff, 0);
                dst[i] += 10 * p * p + 2 * n * n + cube;
            }
        }
    }

    private static Tensor?[] Backward(Tensor g, float[][] vT, float[] ad, int rows, int dims, int s, bool needV, bool needA)
    {
        var gd = g.Span.ToArray();
        int threads = Par.Threads, w = Vector<float>.Count;
        var partial = new float[threads][];
        var ga = needA ? new float[rows * dims] : null;
        Parallel.For(0, threads, t =>
        {
            var acc = new float[dims * s];                   // private ∂L/∂v, layout [d][s]
            var (r0, r1) = Range(rows, t, threads);
            for (int r = r0; r < r1; r++)
            {
                var gr = gd.AsSpan(r * s, s);
                for (int d = 0; d < dims; d++)
                {
                    float av = ad[r * dims + d];
                    var v = vT[d]; var va = new Vector<float>(av);
                    var accD = acc.AsSpan(d * s, s);
                    var sumA = Vector<float>.Zero; float sumAs = 0, sumG = 0;
                    int i = 0;
                    for (; i + w <= s; i += w)
                    {
                        var diff = new Vector<float>(v, i) - va;
                        var dcdv = 20f * Vector.Max(diff, Vector<float>.Zero) - 4f * Vector.Max(-diff, Vector<float>.Zero);
                        var gv = new Vector<float>(gr.Slice(i, w));
                        (new Vector<float>(accD.Slice(i, w)) + gv * dcdv).CopyTo(accD.Slice(i, w));
                        sumA -= gv * dcdv;
                    }
                    for (; i < s; i++)
                    {
                        float diff = v[i] - av, dcdv = 20 * MathF.Max(diff, 0) - 4 * MathF.Max(-diff, 0);
                        accD[i] += gr[i] * dcdv; sumAs -= gr[i] * dcdv;
                    }
                    if (ga is not null)
                    {
                        for (int k = 0; k < gr.Length; k++) sumG += gr[k];
                        ga[r * dims + d] = Vector.Sum(sumA) + sumAs + 12 * av * av * sumG;
                    }
                }
            }
            partial[t] = acc;
        });
        Tensor? gv = null;
        if (needV)
        {
            var gvd = new float[s * dims];
            foreach (var p in partial)
                for (int d = 0; d < dims; d++)
                    for (int i = 0; i < s; i++) gvd[i * dims + d] += p[d * s + i];
            gv = Tensor.Wrap(gvd, s, dims);
        }
        Tensor? gaT = ga is null ? null : Tensor.Wrap(ga, g.Shape[..^1].Append(dims).ToArray());
        return [gv, gaT];
    }

    internal static float[][] Transpose(ReadOnlySpan<float> v, int s, int dims)
    {
        var t = new float[dims][];
        for (int d = 0; d < dims; d++) { t[d] = new float[s]; for (int i = 0; i < s; i++) t[d][i] = v[i * dims + d]; }
        return t;
    }

    internal static (int, int) Range(int n, int t, int parts) => ((int)((long)n * t / parts), (int)((long)n * (t + 1) / parts));
}
