using System.Numerics;
using System.Runtime.CompilerServices;

namespace Df2.Kernels.Ops;

/// <summary>
/// SIMD rows of a per-coordinate cost c(y, a) = h(y − a) + p(y) + q(a) (<see cref="ICostTerms"/>) over the
/// attention points s, for one action a = A[b, j, :] of D coordinates. Values come transposed,
/// vT [D, S] contiguous; Vector&lt;float&gt;.Count points at a time, then a scalar tail. Every sum runs in a
/// fixed order, so results do not depend on threads or timing. The y-only term Σ_d p(V[s, d]) and its
/// gradient are left to the callers (they are per attention point, not per action).
/// </summary>
internal readonly unsafe struct CostKernel<T>(T terms, float* vT, int s, int dims) where T : struct, ICostTerms
{
    private readonly T _terms = terms;

    /// <summary>Σ_d q(a_d), the s-independent part of Σ_d c(v_sd, a_d).</summary>
    public float OfA(float* a)
    {
        float sum = 0;
        for (int d = 0; d < dims; d++) sum += _terms.OfA(a[d]);
        return sum;
    }

    /// <summary>dst[s] = Σ_d h(vT[d, s] − a_d) + q(a_d) (p = 0 for the costs that use it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CostRow(float* a, float* dst)
    {
        var terms = _terms;                       // a local: the JIT keeps its constants in registers
        int width = Vector<float>.Count;
        new Span<float>(dst, s).Fill(OfA(a));
        for (int d = 0; d < dims; d++)
        {
            float* v = vT + (long)d * s;
            var ad = new Vector<float>(a[d]);
            int k = 0;
            for (; k <= s - width; k += width)
                (Vector.Load(dst + k) + terms.Hinge(Vector.Load(v + k) - ad)).Store(dst + k);
            for (; k < s; k++) dst[k] += terms.Hinge(v[k] - a[d]);
        }
    }

    /// <summary>Σ_s w[s]·Σ_d (h(vT[d, s] − a_d) + q(a_d)), given sumW = Σ_s w[s] (the caller adds Σ_s w[s]·Σ_d p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public float WeightedCost(float* a, float* w, float sumW)
    {
        var terms = _terms;                       // a local: the JIT keeps its constants in registers
        int width = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        float tail = 0;
        for (int d = 0; d < dims; d++)
        {
            float* v = vT + (long)d * s;
            var ad = new Vector<float>(a[d]);
            int k = 0;
            for (; k <= s - width; k += width)
                acc += Vector.Load(w + k) * terms.Hinge(Vector.Load(v + k) - ad);
            for (; k < s; k++) tail += w[k] * terms.Hinge(v[k] - a[d]);
        }
        return Vector.Sum(acc) + tail + OfA(a) * sumW;
    }

    /// <summary>
    /// Backward of <see cref="CostRow"/> for one row's output gradient g[S]:
    /// pvT[d, s] += g[s]·h′, ga[d] = Σ_s g[s]·∂c/∂a = −Σ_s g·h′ + q′(a_d)·Σ_s g.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CostRowBackward(float* a, float* g, float* pvT, float* ga)
    {
        var terms = _terms;                       // a local: the JIT keeps its constants in registers
        int width = Vector<float>.Count;
        float sumG = Sum(g, s);
        for (int d = 0; d < dims; d++)
        {
            float* v = vT + (long)d * s, pv = pvT + (long)d * s;
            var ad = new Vector<float>(a[d]);
            var acc = Vector<float>.Zero;
            float tail = 0;
            int k = 0;
            for (; k <= s - width; k += width)
            {
                var p = Vector.Load(g + k) * terms.HingeSlope(Vector.Load(v + k) - ad);
                (Vector.Load(pv + k) + p).Store(pv + k);
                acc += p;
            }
            for (; k < s; k++)
            {
                float p = g[k] * terms.HingeSlope(v[k] - a[d]);
                pv[k] += p;
                tail += p;
            }
            ga[d] = -(Vector.Sum(acc) + tail) + terms.OfASlope(a[d]) * sumG;
        }
    }

    /// <summary>
    /// Backward of <see cref="WeightedCost"/> for one row's output gradient g (a scalar):
    /// gw[s] += g·Σ_d h(vT[d, s] − a_d) (the caller adds the s-independent Σ_j g·Σ_d q and the p part),
    /// tvT[d, s] += g·h′ (the caller multiplies by w[s] once per batch row),
    /// ga[d] = g·(−Σ_s w[s]·h′ + q′(a_d)·sumW) (skipped when ga is null: actions that need no gradient).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WeightedBackward(float* a, float* w, float sumW, float g, float* gw, float* tvT, float* ga)
    {
        var terms = _terms;                       // a local: the JIT keeps its constants in registers
        int width = Vector<float>.Count;
        var gv = new Vector<float>(g);
        for (int d = 0; d < dims; d++)
        {
            float* v = vT + (long)d * s, tv = tvT + (long)d * s;
            var ad = new Vector<float>(a[d]);
            var acc = Vector<float>.Zero;
            float tail = 0;
            int k = 0;
            if (ga is null)
                for (; k <= s - width; k += width)
                {
                    var hinge = terms.HingeAndSlope(Vector.Load(v + k) - ad, out var slope);
                    Vector.MultiplyAddEstimate(gv, hinge, Vector.Load(gw + k)).Store(gw + k);
                    Vector.MultiplyAddEstimate(gv, slope, Vector.Load(tv + k)).Store(tv + k);
                }
            else
                for (; k <= s - width; k += width)
                {
                    var hinge = terms.HingeAndSlope(Vector.Load(v + k) - ad, out var slope);
                    Vector.MultiplyAddEstimate(gv, hinge, Vector.Load(gw + k)).Store(gw + k);
                    Vector.MultiplyAddEstimate(gv, slope, Vector.Load(tv + k)).Store(tv + k);
                    acc = Vector.MultiplyAddEstimate(Vector.Load(w + k), slope, acc);
                }
            for (; k < s; k++)
            {
                float diff = v[k] - a[d], slope = terms.HingeSlope(diff);
                gw[k] += g * terms.Hinge(diff);
                tv[k] += g * slope;
                tail += w[k] * slope;
            }
            if (ga is not null) ga[d] = g * (-(Vector.Sum(acc) + tail) + terms.OfASlope(a[d]) * sumW);
        }
    }

    /// <summary>Σ x[0..n) in a fixed order.</summary>
    public static float Sum(float* x, int n)
    {
        int width = Vector<float>.Count, k = 0;
        var acc = Vector<float>.Zero;
        for (; k <= n - width; k += width) acc += Vector.Load(x + k);
        float sum = Vector.Sum(acc);
        for (; k < n; k++) sum += x[k];
        return sum;
    }
}
