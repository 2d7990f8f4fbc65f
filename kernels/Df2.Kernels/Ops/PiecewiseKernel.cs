using System.Numerics;
using System.Runtime.CompilerServices;

namespace Df2.Kernels.Ops;

/// <summary>
/// SIMD rows of the piecewise cost (App. F.2) over the attention points s, for one action a = A[b, j, :].
/// With Δ = v − a, u = Δ₊, w = (−Δ)₊ (per coordinate d):
///   piece(Δ) = αu + βw + γu² + δw²,  c = piece(Δ) + εa³,
///   ∂c/∂v = α·1[Δ&gt;0] − β·1[Δ&lt;0] + 2γu − 2δw  (0 at Δ = 0),  ∂c/∂a = −∂c/∂v + 3εa².
/// Values come transposed, vT [D, S] contiguous; Vector&lt;float&gt;.Count points at a time, scalar tail.
/// Every sum runs in a fixed order, so results do not depend on threads or timing.
/// </summary>
internal readonly unsafe struct PiecewiseKernel
{
    private readonly Vector<float> _alpha, _beta, _gamma, _delta, _gamma2, _delta2;
    private readonly float _epsilon;
    private readonly float* _vT;
    private readonly int _s, _dims;

    public PiecewiseKernel(PiecewiseCoefficients c, float* vT, int s, int dims)
    {
        _alpha = new((float)c.Alpha); _beta = new((float)c.Beta);
        _gamma = new((float)c.Gamma); _delta = new((float)c.Delta);
        _gamma2 = new((float)(2 * c.Gamma)); _delta2 = new((float)(2 * c.Delta));
        _epsilon = (float)c.Epsilon;
        _vT = vT; _s = s; _dims = dims;
    }

    /// <summary>ε Σ_d a_d³, the s-independent part of Σ_d c(v_sd, a_d).</summary>
    public float Cubic(float* a)
    {
        float sum = 0;
        for (int d = 0; d < _dims; d++) sum += a[d] * a[d] * a[d];
        return _epsilon * sum;
    }

    /// <summary>dst[s] = Σ_d c(vT[d, s], a_d).</summary>
    public void CostRow(float* a, float* dst)
    {
        int width = Vector<float>.Count;
        new Span<float>(dst, _s).Fill(Cubic(a));
        for (int d = 0; d < _dims; d++)
        {
            float* v = _vT + (long)d * _s;
            var ad = new Vector<float>(a[d]);
            int k = 0;
            for (; k <= _s - width; k += width)
                (Vector.Load(dst + k) + Piece(Vector.Load(v + k) - ad)).Store(dst + k);
            for (; k < _s; k++) dst[k] += Piece(v[k] - a[d]);
        }
    }

    /// <summary>Σ_s w[s]·Σ_d c(vT[d, s], a_d), given sumW = Σ_s w[s].</summary>
    public float WeightedCost(float* a, float* w, float sumW)
    {
        int width = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        float tail = 0;
        for (int d = 0; d < _dims; d++)
        {
            float* v = _vT + (long)d * _s;
            var ad = new Vector<float>(a[d]);
            int k = 0;
            for (; k <= _s - width; k += width)
                acc += Vector.Load(w + k) * Piece(Vector.Load(v + k) - ad);
            for (; k < _s; k++) tail += w[k] * Piece(v[k] - a[d]);
        }
        return Vector.Sum(acc) + tail + Cubic(a) * sumW;
    }

    /// <summary>
    /// Backward of <see cref="CostRow"/> for one row's output gradient g[S]:
    /// pvT[d, s] += g[s]·∂c/∂v, ga[d] = Σ_s g[s]·∂c/∂a = −Σ_s g·∂c/∂v + 3εa_d²·Σ_s g.
    /// </summary>
    public void CostRowBackward(float* a, float* g, float* pvT, float* ga)
    {
        int width = Vector<float>.Count;
        float sumG = Sum(g, _s);
        for (int d = 0; d < _dims; d++)
        {
            float* v = _vT + (long)d * _s, pv = pvT + (long)d * _s;
            var ad = new Vector<float>(a[d]);
            var acc = Vector<float>.Zero;
            float tail = 0;
            int k = 0;
            for (; k <= _s - width; k += width)
            {
                var p = Vector.Load(g + k) * Slope(Vector.Load(v + k) - ad);
                (Vector.Load(pv + k) + p).Store(pv + k);
                acc += p;
            }
            for (; k < _s; k++)
            {
                float p = g[k] * Slope(v[k] - a[d]);
                pv[k] += p;
                tail += p;
            }
            ga[d] = -(Vector.Sum(acc) + tail) + 3 * _epsilon * a[d] * a[d] * sumG;
        }
    }

    /// <summary>
    /// Backward of <see cref="WeightedCost"/> for one row's output gradient g (a scalar):
    /// gw[s] += g·Σ_d piece(vT[d, s] − a_d) (the caller adds the s-independent Σ_j g·εΣ_d a_d³ once per batch row),
    /// tvT[d, s] += g·∂c/∂v (the caller multiplies by w[s] once per batch row),
    /// ga[d] = g·(−Σ_s w[s]·∂c/∂v + 3εa_d²·sumW).
    /// </summary>
    public void WeightedBackward(float* a, float* w, float sumW, float g, float* gw, float* tvT, float* ga)
    {
        int width = Vector<float>.Count;
        var gv = new Vector<float>(g);
        for (int d = 0; d < _dims; d++)
        {
            float* v = _vT + (long)d * _s, tv = tvT + (long)d * _s;
            var ad = new Vector<float>(a[d]);
            var acc = Vector<float>.Zero;
            float tail = 0;
            int k = 0;
            for (; k <= _s - width; k += width)
            {
                var diff = Vector.Load(v + k) - ad;
                (Vector.Load(gw + k) + gv * Piece(diff)).Store(gw + k);
                var slope = Slope(diff);
                (Vector.Load(tv + k) + gv * slope).Store(tv + k);
                acc += Vector.Load(w + k) * slope;
            }
            for (; k < _s; k++)
            {
                float diff = v[k] - a[d], slope = Slope(diff);
                gw[k] += g * Piece(diff);
                tv[k] += g * slope;
                tail += w[k] * slope;
            }
            ga[d] = g * (-(Vector.Sum(acc) + tail) + 3 * _epsilon * a[d] * a[d] * sumW);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<float> Piece(Vector<float> diff)
    {
        var u = Vector.Max(diff, Vector<float>.Zero);
        var w = Vector.Max(-diff, Vector<float>.Zero);
        return _alpha * u + _beta * w + _gamma * u * u + _delta * w * w;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector<float> Slope(Vector<float> diff)
    {
        var u = Vector.Max(diff, Vector<float>.Zero);
        var w = Vector.Max(-diff, Vector<float>.Zero);
        var step = Vector.ConditionalSelect(Vector.GreaterThan(diff, Vector<float>.Zero), _alpha, Vector<float>.Zero)
                 - Vector.ConditionalSelect(Vector.LessThan(diff, Vector<float>.Zero), _beta, Vector<float>.Zero);
        return step + _gamma2 * u - _delta2 * w;
    }

    private float Piece(float diff)
    {
        float u = MathF.Max(diff, 0), w = MathF.Max(-diff, 0);
        return _alpha[0] * u + _beta[0] * w + _gamma[0] * u * u + _delta[0] * w * w;
    }

    private float Slope(float diff)
    {
        float u = MathF.Max(diff, 0), w = MathF.Max(-diff, 0);
        float step = diff > 0 ? _alpha[0] : diff < 0 ? -_beta[0] : 0;
        return step + _gamma2[0] * u - _delta2[0] * w;
    }
}
