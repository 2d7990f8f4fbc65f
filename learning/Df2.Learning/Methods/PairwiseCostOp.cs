using Df2.Engine;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// Fused differentiable kernel for DF2's value term (eq. 4): given attention-point values V [S, 2]
/// and actions A [B, J, 2], out[b, j, s] = f(v_s, a_bj) = Σᵢ c(V[s, i], A[b, j, i]).
/// Backward (analytic, from the task's partials):
/// ∂L/∂A[b, j, i] = Σ_s G[b, j, s] · ∂c/∂a(V[s, i], A[b, j, i]),
/// ∂L/∂V[s, i] = Σ_{b, j} G[b, j, s] · ∂c/∂y(V[s, i], A[b, j, i]).
/// Parallel over b; the V gradient is reduced from per-b partials in a fixed order (deterministic).
/// </summary>
public static class PairwiseCostOp
{
    public static Tensor Apply(ICoordinateCost cost, Tensor values, Tensor actions)
    {
        if (values.Rank != 2 || values.Shape[1] != 2) throw new ArgumentException($"values must be [S, 2], got [{string.Join(", ", values.Shape)}]");
        if (actions.Rank != 3 || actions.Shape[2] != 2) throw new ArgumentException($"actions must be [B, J, 2], got [{string.Join(", ", actions.Shape)}]");
        int s = values.Shape[0], b = actions.Shape[0], j = actions.Shape[1];
        var v = values.ToArray();
        var a = actions.ToArray();
        var output = new float[b * j * s];
        if (cost is PiecewiseCost piecewise) return ApplyPiecewise(piecewise, values, actions, v, a, output, b, j, s);
        Parallel.For(0, b, bi =>
        {
            for (int ji = 0; ji < j; ji++)
            {
                int row = bi * j + ji;
                double a0 = a[2 * row], a1 = a[2 * row + 1];
                var dst = output.AsSpan(row * s, s);
                for (int si = 0; si < s; si++)
                    dst[si] = (float)(cost.Cost(v[2 * si], a0) + cost.Cost(v[2 * si + 1], a1));
            }
        });
        return Tensor.Custom("pairwise_cost", output, [b, j, s], [values, actions], gradOut =>
        {
            var g = gradOut.ToArray();
            var gradA = values.RequiresGrad || actions.RequiresGrad ? new float[b * j * 2] : [];
            var partialV = new double[b][];
            Parallel.For(0, b, bi =>
            {
                var pv = values.RequiresGrad ? new double[s * 2] : [];
                for (int ji = 0; ji < j; ji++)
                {
                    int row = bi * j + ji;
                    double a0 = a[2 * row], a1 = a[2 * row + 1], ga0 = 0, ga1 = 0;
                    for (int si = 0; si < s; si++)
                    {
                        double go = g[row * s + si];
                        if (go == 0) continue;
                        double v0 = v[2 * si], v1 = v[2 * si + 1];
                        ga0 += go * cost.DCostDa(v0, a0);
                        ga1 += go * cost.DCostDa(v1, a1);
                        if (pv.Length > 0)
                        {
                            pv[2 * si] += go * cost.DCostDy(v0, a0);
                            pv[2 * si + 1] += go * cost.DCostDy(v1, a1);
                        }
                    }
                    if (gradA.Length > 0) { gradA[2 * row] = (float)ga0; gradA[2 * row + 1] = (float)ga1; }
                }
                partialV[bi] = pv;
            });
            Tensor? gv = null;
            if (values.RequiresGrad)
            {
                var sum = new double[s * 2];
                for (int bi = 0; bi < b; bi++)
                    for (int k = 0; k < sum.Length; k++) sum[k] += partialV[bi][k];
                gv = Tensor.FromArray(Array.ConvertAll(sum, x => (float)x), s, 2);
            }
            Tensor? ga = actions.RequiresGrad ? Tensor.FromArray(gradA, b, j, 2) : null;
            return [gv, ga];
        });
    }

    /// <summary>The same op through the SIMD kernel of <see cref="PiecewisePairwiseKernel"/>.</summary>
    private static Tensor ApplyPiecewise(PiecewiseCost cost, Tensor values, Tensor actions, float[] v, float[] a, float[] output, int b, int j, int s)
    {
        var v0 = new float[s];
        var v1 = new float[s];
        for (int k = 0; k < s; k++) { v0[k] = v[2 * k]; v1[k] = v[2 * k + 1]; }
        Parallel.For(0, b, bi =>
        {
            for (int ji = 0; ji < j; ji++)
            {
                int row = bi * j + ji;
                PiecewisePairwiseKernel.Forward(cost, v0, v1, a[2 * row], a[2 * row + 1], output.AsSpan(row * s, s));
            }
        });
        return Tensor.Custom("pairwise_cost", output, [b, j, s], [values, actions], gradOut =>
        {
            var g = gradOut.ToArray();
            var gradA = new float[b * j * 2];
            var partial0 = new float[b][];
            var partial1 = new float[b][];
            Parallel.For(0, b, bi =>
            {
                var gv0 = new float[s];
                var gv1 = new float[s];
                for (int ji = 0; ji < j; ji++)
                {
                    int row = bi * j + ji;
                    var (ga0, ga1) = PiecewisePairwiseKernel.Backward(cost, v0, v1, a[2 * row], a[2 * row + 1], g.AsSpan(row * s, s), gv0, gv1);
                    gradA[2 * row] = (float)ga0;
                    gradA[2 * row + 1] = (float)ga1;
                }
                partial0[bi] = gv0;
                partial1[bi] = gv1;
            });
            Tensor? gv = null;
            if (values.RequiresGrad)
            {
                var sum = new float[2 * s];
                for (int bi = 0; bi < b; bi++)
                    for (int k = 0; k < s; k++) { sum[2 * k] += partial0[bi][k]; sum[2 * k + 1] += partial1[bi][k]; }
                gv = Tensor.FromArray(sum, s, 2);
            }
            return [gv, actions.RequiresGrad ? Tensor.FromArray(gradA, b, j, 2) : null];
        });
    }
}
