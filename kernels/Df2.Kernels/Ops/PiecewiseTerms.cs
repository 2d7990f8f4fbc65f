using System.Numerics;
using System.Runtime.CompilerServices;

namespace Df2.Kernels.Ops;

/// <summary>
/// <see cref="PiecewiseCoefficients"/> as <see cref="ICostTerms"/> (App. F.2): with d = y − a, u = d₊, w = (−d)₊,
/// h(d) = αu + βw + γu² + δw², h′(d) = α·1[d&gt;0] − β·1[d&lt;0] + 2γu − 2δw (0 at d = 0), p = 0, q(a) = εa³.
/// </summary>
internal readonly struct PiecewiseTerms(PiecewiseCoefficients c) : ICostTerms
{
    private readonly Vector<float> _alpha = new((float)c.Alpha), _beta = new((float)c.Beta);
    private readonly Vector<float> _gamma = new((float)c.Gamma), _delta = new((float)c.Delta);
    private readonly Vector<float> _gamma2 = new((float)(2 * c.Gamma)), _delta2 = new((float)(2 * c.Delta));
    private readonly float _epsilon = (float)c.Epsilon;

    public bool HasYTerm => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> Hinge(Vector<float> d)
    {
        var u = Vector.Max(d, Vector<float>.Zero);
        var w = Vector.Max(-d, Vector<float>.Zero);
        return _alpha * u + _beta * w + _gamma * u * u + _delta * w * w;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> HingeSlope(Vector<float> d)
    {
        var u = Vector.Max(d, Vector<float>.Zero);
        var w = Vector.Max(-d, Vector<float>.Zero);
        var step = Vector.ConditionalSelect(Vector.GreaterThan(d, Vector<float>.Zero), _alpha, Vector<float>.Zero)
                 - Vector.ConditionalSelect(Vector.LessThan(d, Vector<float>.Zero), _beta, Vector<float>.Zero);
        return step + _gamma2 * u - _delta2 * w;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> HingeAndSlope(Vector<float> d, out Vector<float> slope)
    {
        var u = Vector.Max(d, Vector<float>.Zero);
        var w = Vector.Max(-d, Vector<float>.Zero);
        var step = Vector.ConditionalSelect(Vector.GreaterThan(d, Vector<float>.Zero), _alpha, Vector<float>.Zero)
                 - Vector.ConditionalSelect(Vector.LessThan(d, Vector<float>.Zero), _beta, Vector<float>.Zero);
        slope = step + _gamma2 * u - _delta2 * w;
        return _alpha * u + _beta * w + _gamma * u * u + _delta * w * w;
    }

    public float Hinge(float d)
    {
        float u = MathF.Max(d, 0), w = MathF.Max(-d, 0);
        return _alpha[0] * u + _beta[0] * w + _gamma[0] * u * u + _delta[0] * w * w;
    }

    public float HingeSlope(float d)
    {
        float u = MathF.Max(d, 0), w = MathF.Max(-d, 0);
        float step = d > 0 ? _alpha[0] : d < 0 ? -_beta[0] : 0;
        return step + _gamma2[0] * u - _delta2[0] * w;
    }

    public float OfY(float y) => 0;

    public float OfYSlope(float y) => 0;

    public float OfA(float a) => _epsilon * a * a * a;

    public float OfASlope(float a) => 3 * _epsilon * a * a;
}
