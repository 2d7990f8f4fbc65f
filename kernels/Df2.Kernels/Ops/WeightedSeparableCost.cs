using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// DF2's attention-weighted cost estimate (eq. 4) without the [B, J, S] table, for any per-coordinate cost
/// c(y, a) = h(y − a) + p(y) + q(a) (<see cref="CoordinateCost"/>: the synthetic tasks' <see cref="PiecewiseCoefficients"/>,
/// the wind task's <see cref="WindBiddingCoefficients"/>): for values V [S, D], weights W [B, S] and actions A [B, J, D],
///   G[b, j] = Σ_s W[b, s] · F[b, j, s],  F[b, j, s] = Σ_d c(V[s, d], A[b, j, d]).
/// Backward, for an upstream gradient Ġ [B, J] (F recomputed row by row, never stored), with ∂c/∂y = h′(y − a) + p′(y)
/// and ∂c/∂a = −h′(y − a) + q′(a):
///   ∂L/∂W[b, s]    = Σ_j Ġ[b, j] · F[b, j, s],
///   ∂L/∂V[s, d]    = Σ_b W[b, s] · Σ_j Ġ[b, j] · ∂c/∂y(V[s, d], A[b, j, d]),
///   ∂L/∂A[b, j, d] = Ġ[b, j] · Σ_s W[b, s] · ∂c/∂a = Ġ[b, j] · (−Σ_s W[b, s] · h′(V[s, d] − A[b, j, d]) + q′(A[b, j, d]) · Σ_s W[b, s]).
/// (Synthetic: h′ = α·1[d&gt;0] − β·1[d&lt;0] + 2γd₊ − 2δ(−d)₊, p = 0, q = εa³. Wind: p = −P·y, q = ν·r, h′ by segment.)
/// CPU float32: the SIMD kernel (<see cref="WeightedCostPass{T}"/>), parallel over batch rows b; ∂L/∂V is summed
/// from per-row partials in the order b = 0, 1, … (same numbers for any thread count). Other devices and dtypes,
/// or <see cref="CostPath.Plain"/>: plain libtorch broadcasting (<see cref="Plain"/>), differentiated by libtorch.
/// </summary>
public sealed class WeightedSeparableCost : autograd.SingleTensorFunction<WeightedSeparableCost>
{
    private const string Op = nameof(WeightedSeparableCost);

    public override string Name => Op;

    /// <summary>G [B, J] for values [S, D], weights [B, S] and actions [B, J, D].</summary>
    public static Tensor Apply(CoordinateCost cost, Tensor values, Tensor weights, Tensor actions, CostPath path = CostPath.Auto)
    {
        ArgumentNullException.ThrowIfNull(cost);
        Check(values, weights, actions);
        long largest = actions.shape[0] * values.shape[1] * Math.Max(actions.shape[1], values.shape[0]);   // ∂A or the ∂V partials
        if (!OpTensors.UseFused(Op, path, largest, values, weights, actions)) return Plain(cost, values, weights, actions);
        return apply(cost, values.contiguous(), weights.contiguous(), actions.contiguous());
    }

    /// <summary>The same G with plain libtorch ops (the cost's [B, J, S] table, <see cref="CoordinateCost.PairTable"/>), on any device and dtype.</summary>
    public static Tensor Plain(CoordinateCost cost, Tensor values, Tensor weights, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(cost);
        Check(values, weights, actions);
        using var scope = NewDisposeScope();
        var table = cost.PairTable(values, actions);                                       // [B, J, S]
        return (table * weights.unsqueeze(1)).sum(-1L).MoveToOuterDisposeScope();
    }

    private static void Check(Tensor values, Tensor weights, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(actions);
        if (values.dim() != 2 || actions.dim() != 3 || actions.shape[2] != values.shape[1]
            || weights.dim() != 2 || weights.shape[0] != actions.shape[0] || weights.shape[1] != values.shape[0])
            throw new ArgumentException($"{Op}: values must be [S, D], weights [B, S] and actions [B, J, D]; got values {OpTensors.Shape(values)}, weights {OpTensors.Shape(weights)}, actions {OpTensors.Shape(actions)}.");
        OpTensors.SameDeviceAndType(Op, ("values", values), ("weights", weights), ("actions", actions));
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var cost = (CoordinateCost)vars[0];
        Tensor values = (Tensor)vars[1], weights = (Tensor)vars[2], actions = (Tensor)vars[3];
        ctx.save_for_backward([values, weights, actions]);
        ctx.save_data("c", cost);
        ctx.save_data("needs", new[] { values.requires_grad, weights.requires_grad, actions.requires_grad });
        return cost.FusedForward(values, weights, actions);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        using Tensor values = saved[0], weights = saved[1], actions = saved[2];
        var grads = ((CoordinateCost)ctx.get_data("c")).FusedBackward(values, weights, actions, gradOutput, (bool[])ctx.get_data("needs"));
        return [null!, grads[0]!, grads[1]!, grads[2]!];
    }
}
