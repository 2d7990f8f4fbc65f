using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// DF2's attention-weighted cost estimate (eq. 4) without the [B, J, S] table: for values V [S, D],
/// attention weights W [B, S] and actions A [B, J, D],
///   G[b, j] = Σ_s W[b, s] · F[b, j, s],  F[b, j, s] = Σ_d c(V[s, d], A[b, j, d])  (<see cref="PairwiseCost"/>).
/// Backward, for an upstream gradient Ġ [B, J] (F recomputed row by row, never stored):
///   ∂L/∂W[b, s]    = Σ_j Ġ[b, j] · F[b, j, s],
///   ∂L/∂V[s, d]    = Σ_b W[b, s] · Σ_j Ġ[b, j] · ∂c/∂y(V[s, d], A[b, j, d]),
///   ∂L/∂A[b, j, d] = Ġ[b, j] · Σ_s W[b, s] · ∂c/∂a = Ġ[b, j] · (−Σ_s W[b, s] · ∂c/∂y + 3ε A[b, j, d]² · Σ_s W[b, s]).
/// CPU float32: a SIMD kernel over the tensors' memory, parallel over batch rows b; ∂L/∂V is summed
/// from per-row partials in the order b = 0, 1, … (same numbers for any thread count). Other devices
/// and dtypes: plain libtorch broadcasting (<see cref="Plain"/>), differentiated by libtorch.
/// </summary>
public sealed class WeightedPairwiseCost : autograd.SingleTensorFunction<WeightedPairwiseCost>
{
    private const string Op = nameof(WeightedPairwiseCost);

    public override string Name => Op;

    /// <summary>G [B, J] for values [S, D], weights [B, S] and actions [B, J, D].</summary>
    public static Tensor Apply(PiecewiseCoefficients coefficients, Tensor values, Tensor weights, Tensor actions, CostPath path = CostPath.Auto)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Check(values, weights, actions);
        long largest = actions.shape[0] * values.shape[1] * Math.Max(actions.shape[1], values.shape[0]);   // ∂A or the ∂V partials
        if (!OpTensors.UseFused(Op, path, largest, values, weights, actions)) return Plain(coefficients, values, weights, actions);
        return apply(coefficients, values.contiguous(), weights.contiguous(), actions.contiguous());
    }

    /// <summary>The same G with plain libtorch ops (the [B, J, S] table is built), on any device and dtype.</summary>
    public static Tensor Plain(PiecewiseCoefficients coefficients, Tensor values, Tensor weights, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Check(values, weights, actions);
        using var scope = NewDisposeScope();
        var table = PairwiseCost.Plain(coefficients, values, actions);                   // [B, J, S]
        return (table * weights.unsqueeze(1)).sum(-1L).MoveToOuterDisposeScope();
    }

    private static void Check(Tensor values, Tensor weights, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(weights);
        PairwiseCost.Check(values, actions);
        if (weights.dim() != 2 || weights.shape[0] != actions.shape[0] || weights.shape[1] != values.shape[0])
            throw new ArgumentException($"{Op}: weights must be [B, S] for values [S, D] and actions [B, J, D]; got values {OpTensors.Shape(values)}, weights {OpTensors.Shape(weights)}, actions {OpTensors.Shape(actions)}.");
        OpTensors.SameDeviceAndType(Op, ("values", values), ("weights", weights), ("actions", actions));
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var c = (PiecewiseCoefficients)vars[0];
        Tensor values = (Tensor)vars[1], weights = (Tensor)vars[2], actions = (Tensor)vars[3];
        ctx.save_for_backward([values, weights, actions]);
        ctx.save_data("c", c);
        ctx.save_data("needs", new[] { values.requires_grad, weights.requires_grad, actions.requires_grad });
        return WeightedCostPass<PiecewiseTerms>.Forward(new PiecewiseTerms(c), values, weights, actions);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        using Tensor values = saved[0], weights = saved[1], actions = saved[2];
        var grads = WeightedCostPass<PiecewiseTerms>.Backward(new PiecewiseTerms((PiecewiseCoefficients)ctx.get_data("c")),
            values, weights, actions, gradOutput, (bool[])ctx.get_data("needs"));
        return [null!, grads[0]!, grads[1]!, grads[2]!];
    }
}
