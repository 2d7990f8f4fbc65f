using System.Numerics;
using System.Runtime.CompilerServices;

namespace Df2.Kernels.Ops;

/// <summary>
/// <see cref="WindBiddingCoefficients"/> as <see cref="ICostTerms"/> (App. F.3): with d = y − a and the
/// overbid o = −d − r = a − r − y,
/// h(d) = ΔP_up1·o + ΔP_up2·o² + μr + F if o &gt; 0;  −μd if −r ≤ d ≤ 0;  ΔP_down·d if d &gt; 0,
/// h′(d) = −ΔP_up1 − 2ΔP_up2·o;  −μ;  ΔP_down (segment ends belong to the reserve band), p(y) = −P·y, q(a) = ν·r.
/// </summary>
internal readonly struct WindBiddingTerms(WindBiddingCoefficients c) : ICostTerms
{
    private readonly Vector<float> _up1 = new((float)c.UpLinear), _up2 = new((float)c.UpQuadratic);
    private readonly Vector<float> _up2x2 = new((float)(2 * c.UpQuadratic)), _down = new((float)c.Down);
    private readonly Vector<float> _mu = new((float)c.Mu), _reserve = new((float)c.Reserve);
    private readonly Vector<float> _jump = new((float)(c.Mu * c.Reserve + c.Penalty));
    private readonly float _price = (float)c.Price, _fixed = (float)(c.Nu * c.Reserve);

    public bool HasYTerm => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> Hinge(Vector<float> d)
    {
        var o = -d - _reserve;
        var overbid = _up1 * o + _up2 * o * o + _jump;
        var rest = Vector.ConditionalSelect(Vector.GreaterThan(d, Vector<float>.Zero), _down * d, -_mu * d);
        return Vector.ConditionalSelect(Vector.GreaterThan(o, Vector<float>.Zero), overbid, rest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> HingeSlope(Vector<float> d)
    {
        var o = -d - _reserve;
        var rest = Vector.ConditionalSelect(Vector.GreaterThan(d, Vector<float>.Zero), _down, -_mu);
        return Vector.ConditionalSelect(Vector.GreaterThan(o, Vector<float>.Zero), -_up1 - _up2x2 * o, rest);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<float> HingeAndSlope(Vector<float> d, out Vector<float> slope)
    {
        var o = -d - _reserve;
        var over = Vector.GreaterThan(o, Vector<float>.Zero);
        var under = Vector.GreaterThan(d, Vector<float>.Zero);
        slope = Vector.ConditionalSelect(over, -_up1 - _up2x2 * o, Vector.ConditionalSelect(under, _down, -_mu));
        return Vector.ConditionalSelect(over, _up1 * o + _up2 * o * o + _jump, Vector.ConditionalSelect(under, _down * d, -_mu * d));
    }

    public float Hinge(float d)
    {
        float o = -d - _reserve[0];
        if (o > 0) return _up1[0] * o + _up2[0] * o * o + _jump[0];
        return d > 0 ? _down[0] * d : -_mu[0] * d;
    }

    public float HingeSlope(float d)
    {
        float o = -d - _reserve[0];
        if (o > 0) return -_up1[0] - _up2x2[0] * o;
        return d > 0 ? _down[0] : -_mu[0];
    }

    public float OfY(float y) => -_price * y;

    public float OfYSlope(float y) => -_price;

    public float OfA(float a) => _fixed;

    public float OfASlope(float a) => 0;
}
