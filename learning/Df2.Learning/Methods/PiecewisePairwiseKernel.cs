using System.Numerics;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// SIMD fast path of <see cref="PairwiseCostOp"/> for <see cref="PiecewiseCost"/>:
/// with u = (v − a)₊, w = (a − v)₊:
/// c = αu + βw + γu² + δw² + εa³, ∂c/∂v = α·1[u&gt;0] − β·1[w&gt;0] + 2γu − 2δw, ∂c/∂a = −∂c/∂v + 3εa².
/// Values are laid out per coordinate (v0[S], v1[S]) and processed Vector&lt;float&gt;.Count at a time.
/// </summary>
internal static class PiecewisePairwiseKernel
{
    /// <summary>dst[s] = Σᵢ c(vᵢ[s], aᵢ) for one action (a0, a1).</summary>
    public static void Forward(PiecewiseCost c, float[] v0, float[] v1, float a0, float a1, Span<float> dst)
    {
        int s = dst.Length, width = Vector<float>.Count, k = 0;
        float cubic = (float)(c.Epsilon * ((double)a0 * a0 * a0 + (double)a1 * a1 * a1));
        var alpha = new Vector<float>((float)c.Alpha); var beta = new Vector<float>((float)c.Beta);
        var gamma = new Vector<float>((float)c.Gamma); var delta = new Vector<float>((float)c.Delta);
        var va0 = new Vector<float>(a0); var va1 = new Vector<float>(a1); var vc = new Vector<float>(cubic);
        for (; k <= s - width; k += width)
        {
            var d0 = new Vector<float>(v0, k) - va0;
            var d1 = new Vector<float>(v1, k) - va1;
            var u0 = Vector.Max(d0, Vector<float>.Zero); var w0 = Vector.Max(-d0, Vector<float>.Zero);
            var u1 = Vector.Max(d1, Vector<float>.Zero); var w1 = Vector.Max(-d1, Vector<float>.Zero);
            var r = alpha * (u0 + u1) + beta * (w0 + w1) + gamma * (u0 * u0 + u1 * u1) + delta * (w0 * w0 + w1 * w1) + vc;
            r.CopyTo(dst.Slice(k, width));
        }
        for (; k < s; k++) dst[k] = (float)(c.Cost(v0[k], a0) + c.Cost(v1[k], a1));
    }

    /// <summary>
    /// Accumulates gV[i][s] += g[s]·∂c/∂v(vᵢ[s], aᵢ) and returns (∂/∂a0, ∂/∂a1) = Σ_s g[s]·∂c/∂a.
    /// </summary>
    public static (double Ga0, double Ga1) Backward(PiecewiseCost c, float[] v0, float[] v1, float a0, float a1,
        ReadOnlySpan<float> g, float[] gv0, float[] gv1)
    {
        int s = g.Length, width = Vector<float>.Count, k = 0;
        var alpha = new Vector<float>((float)c.Alpha); var beta = new Vector<float>((float)c.Beta);
        var gamma2 = new Vector<float>((float)(2 * c.Gamma)); var delta2 = new Vector<float>((float)(2 * c.Delta));
        var va0 = new Vector<float>(a0); var va1 = new Vector<float>(a1);
        var sumDy0 = Vector<float>.Zero; var sumDy1 = Vector<float>.Zero; var sumG = Vector<float>.Zero;
        for (; k <= s - width; k += width)
        {
            var gk = new Vector<float>(g.Slice(k, width));
            var d0 = new Vector<float>(v0, k) - va0;
            var d1 = new Vector<float>(v1, k) - va1;
            var dy0 = Vector.ConditionalSelect(Vector.GreaterThan(d0, Vector<float>.Zero), alpha + gamma2 * d0,
                      Vector.ConditionalSelect(Vector.LessThan(d0, Vector<float>.Zero), -beta + delta2 * d0, Vector<float>.Zero));
            var dy1 = Vector.ConditionalSelect(Vector.GreaterThan(d1, Vector<float>.Zero), alpha + gamma2 * d1,
                      Vector.ConditionalSelect(Vector.LessThan(d1, Vector<float>.Zero), -beta + delta2 * d1, Vector<float>.Zero));
            var p0 = gk * dy0; var p1 = gk * dy1;
            (new Vector<float>(gv0, k) + p0).CopyTo(gv0, k);
            (new Vector<float>(gv1, k) + p1).CopyTo(gv1, k);
            sumDy0 += p0; sumDy1 += p1; sumG += gk;
        }
        double t0 = Vector.Sum(sumDy0), t1 = Vector.Sum(sumDy1), tg = Vector.Sum(sumG);
        for (; k < s; k++)
        {
            double dy0 = c.DCostDy(v0[k], a0), dy1 = c.DCostDy(v1[k], a1);
            gv0[k] += (float)(g[k] * dy0); gv1[k] += (float)(g[k] * dy1);
            t0 += g[k] * dy0; t1 += g[k] * dy1; tg += g[k];
        }
        // ∂c/∂a = −∂c/∂v + 3εa²
        return (-t0 + tg * 3 * c.Epsilon * a0 * a0, -t1 + tg * 3 * c.Epsilon * a1 * a1);
    }
}
