using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// A per-coordinate cost c(y, a) of the form h(y − a) + p(y) + q(a) that <see cref="WeightedSeparableCost"/> evaluates:
/// the scalar reference, the elementwise libtorch expression (the plain path, any device and dtype) and the SIMD terms
/// of the fused CPU path (an <see cref="ICostTerms"/> struct per cost, so the JIT specialises each cost's kernel).
/// </summary>
public abstract record CoordinateCost
{
    /// <summary>c(y, a), scalar reference.</summary>
    public abstract double Cost(double y, double a);

    /// <summary>c(y, a) elementwise with broadcasting, as plain libtorch ops (any device, any float dtype, autograd by libtorch).</summary>
    public abstract Tensor Cost(Tensor y, Tensor a);

    /// <summary>F[b, j, s] = Σ_d c(V[s, d], A[b, j, d]) for values [S, D] and actions [B, J, D], as plain libtorch ops.</summary>
    public virtual Tensor PairTable(Tensor values, Tensor actions) =>
        Cost(values.unsqueeze(0).unsqueeze(0), actions.unsqueeze(2)).sum(-1L);

    /// <summary>G[b, j] = Σ_s W[b, s]·Σ_d c(V[s, d], A[b, j, d]) by <see cref="WeightedCostPass{T}"/> with this cost's terms.</summary>
    internal abstract Tensor FusedForward(Tensor values, Tensor weights, Tensor actions);

    /// <summary>[∂L/∂V, ∂L/∂W, ∂L/∂A] by <see cref="WeightedCostPass{T}"/> with this cost's terms.</summary>
    internal abstract Tensor?[] FusedBackward(Tensor values, Tensor weights, Tensor actions, Tensor gradOutput, bool[] needs);
}
