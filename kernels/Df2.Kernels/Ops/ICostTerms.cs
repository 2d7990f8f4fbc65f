using System.Numerics;

namespace Df2.Kernels.Ops;

/// <summary>
/// A per-coordinate cost of the form c(y, a) = h(y − a) + p(y) + q(a), the shape the fused kernels
/// (<see cref="CostKernel{T}"/>) evaluate SIMD over the attention points. Then
/// ∂c/∂y = h′(y − a) + p′(y) and ∂c/∂a = −h′(y − a) + q′(a). Implementations are structs, so the JIT
/// specialises and inlines each kernel per cost.
/// </summary>
internal interface ICostTerms
{
    /// <summary>True when p ≠ 0 (the kernels then add the y-only term and its gradient).</summary>
    bool HasYTerm { get; }

    Vector<float> Hinge(Vector<float> d);

    Vector<float> HingeSlope(Vector<float> d);

    /// <summary>h(d), with h′(d) in <paramref name="slope"/> (one pass for the backward kernels).</summary>
    Vector<float> HingeAndSlope(Vector<float> d, out Vector<float> slope);

    float Hinge(float d);

    float HingeSlope(float d);

    /// <summary>p(y).</summary>
    float OfY(float y);

    /// <summary>p′(y).</summary>
    float OfYSlope(float y);

    /// <summary>q(a).</summary>
    float OfA(float a);

    /// <summary>q′(a).</summary>
    float OfASlope(float a);
}
