using System.Numerics;
using Df2.Engine;

namespace Df2.Bench;

/// <summary>
/// Fully fused DF2 attention-weighted cost (a <see cref="Tensor.Custom"/> op that never materialises [b,J,S]):
///   G[b,j] = Σ_s w[b,s] · F[b,j,s],  F[b,j,s] = Σ_d c(v[s,d], a[b,j,d])  (c as in <see cref="PairwiseCostOp"/>)
/// Backward recomputes F row by row:
///   ∂L/∂w[b,s] = Σ_j Ġ[b,j]·F[b,j,s],   ∂L/∂v[s,d] = Σ_{b,j} Ġ[b,j]·w[b,s]·∂c/∂v(v[s,d], a[b,j,d]).
/// Threads split the batch rows b; each keeps a private ∂L/∂v, summed at the end.
/// </summary>
public static class WeightedPairwiseCostOp
{
    public static Tensor Apply(Tensor vals, Tensor w, Tensor a)
    {
        int s = vals.Shape[0], dims = vals.Shape[1], b = a.Shape[0], j = a.Shape[1];
        if (a.Rank != 3 || a.Shape[2] != dims || w.Shape[0] != b || w.Shape[1] != s)
            throw new ArgumentException($"WeightedPairwiseCost: shapes vals[{s},{dims}], w{string.Join(",", w.Shape)}, a{string.Join(",", a.Shape)} do not match.");
        var vT = PairwiseCostOp.Transpose(vals.Span, s, dims);
        var ad = a.Span.ToArray(); var wd = w.Span.ToArray();
        var g = new float[b * j];
        Parallel.For(0, Par.Threads, t =>
        {
            var row = new float[s];
            var (b0, b1) = PairwiseCostOp.Range(b, t, Par.Threads);
            for (int bi = b0; bi < b1; bi++)
                for (int ji = 0; ji < j; ji++)
                {
                    PairwiseCostOp.ForwardRow(vT, ad, bi * j + ji, dims, s, row);
                    g[bi * j + ji] = System.Numerics.Tensors.TensorPrimitives.Dot(row, wd.AsSpan(bi * s, s));
                }
        });
        return Tensor.Custom("weighted_pairwise_cost", g, [b, j], [vals, w, a], gOut =>
        {
            if (a.RequiresGrad) throw new NotSupportedException("WeightedPairwiseCost: no gradient w.r.t. the decisions a in this benchmark op.");
            var gg = gOut.Span.ToArray();
            int threads = Par.Threads, vw = Vector<float>.Count;
            var partV = new float[threads][];
            var gw = new float[b * s];
            Parallel.For(0, threads, t =>
            {
                var row = new float[s]; var coef = new float[s];
                var accV = new float[dims * s];
                var (b0, b1) = PairwiseCostOp.Range(b, t, threads);
                for (int bi = b0; bi < b1; bi++)
                {
                    var wRow = wd.AsSpan(bi * s, s); var gwRow = gw.AsSpan(bi * s, s);
                    for (int ji = 0; ji < j; ji++)
                    {
                        int r = bi * j + ji; float gr = gg[r];
                        PairwiseCostOp.ForwardRow(vT, ad, r, dims, s, row);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, gr, gwRow, gwRow);   // ∂L/∂w
                        System.Numerics.Tensors.TensorPrimitives.Multiply(wRow, gr, coef);              // Ġ·w[b,:]
                        for (int d = 0; d < dims; d++)
                        {
                            float av = ad[r * dims + d]; var va = new Vector<float>(av);
                            var v = vT[d]; var acc = accV.AsSpan(d * s, s);
                            int i = 0;
                            for (; i + vw <= s; i += vw)
                            {
                                var diff = new Vector<float>(v, i) - va;
                                var dcdv = 20f * Vector.Max(diff, Vector<float>.Zero) - 4f * Vector.Max(-diff, Vector<float>.Zero);
                                (new Vector<float>(acc.Slice(i, vw)) + new Vector<float>(coef, i) * dcdv).CopyTo(acc.Slice(i, vw));
                            }
                            for (; i < s; i++)
                            {
                                float diff = v[i] - av;
                                acc[i] += coef[i] * (20 * MathF.Max(diff, 0) - 4 * MathF.Max(-diff, 0));
                            }
                        }
                    }
                }
                partV[t] = accV;
            });
            Tensor? gv = null;
            if (vals.RequiresGrad)
            {
                var gvd = new float[s * dims];
                foreach (var p in partV)
                    for (int d = 0; d < dims; d++)
                        for (int i = 0; i < s; i++) gvd[i * dims + d] += p[d * s + i];
                gv = Tensor.Wrap(gvd, s, dims);
            }
            return [gv, w.RequiresGrad ? Tensor.Wrap(gw, b, s) : null, null];
        });
    }
}
