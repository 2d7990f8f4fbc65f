using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// DF2's attention-weighted cost estimate (eq. 4) for the wind-bidding task (App. F.3), without the
/// [B, J, S] table: for values V [S, H] (H hours), weights W [B, S] and bids A [B, J, H],
///   G[b, j] = Σ_s W[b, s] · Σ_h c(V[s, h], A[b, j, h]),  c of <see cref="WindBiddingCoefficients"/>.
/// Write c = k(y − a) − P·y + ν·r (k the segment part). Backward, for an upstream gradient Ġ [B, J]:
///   ∂L/∂W[b, s]    = Σ_j Ġ[b, j] · Σ_h c(V[s, h], A[b, j, h]),
///   ∂L/∂V[s, h]    = Σ_b W[b, s] · Σ_j Ġ[b, j] · (k′(V[s, h] − A[b, j, h]) − P),
///   ∂L/∂A[b, j, h] = −Ġ[b, j] · Σ_s W[b, s] · k′(V[s, h] − A[b, j, h]).
/// CPU float32: the SIMD kernel, parallel over batch rows with fixed-order reductions; other devices and
/// dtypes: plain libtorch broadcasting (<see cref="Plain"/>).
/// </summary>
public sealed class WeightedWindBiddingCost : autograd.SingleTensorFunction<WeightedWindBiddingCost>
{
    private const string Op = nameof(WeightedWindBiddingCost);

    public override string Name => Op;

    /// <summary>G [B, J] for values [S, H], weights [B, S] and bids [B, J, H].</summary>
    public static Tensor Apply(WindBiddingCoefficients coefficients, Tensor values, Tensor weights, Tensor actions, CostPath path = CostPath.Auto)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Check(values, weights, actions);
        long largest = actions.shape[0] * values.shape[1] * Math.Max(actions.shape[1], values.shape[0]);   // ∂A or the ∂V partials
        if (!OpTensors.UseFused(Op, path, largest, values, weights, actions)) return Plain(coefficients, values, weights, actions);
        return apply(coefficients, values.contiguous(), weights.contiguous(), actions.contiguous());
    }

    /// <summary>The same G with plain libtorch ops ([B, J, S, H] intermediates), on any device and dtype.</summary>
    public static Tensor Plain(WindBiddingCoefficients coefficients, Tensor values, Tensor weights, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Check(values, weights, actions);
        using var scope = NewDisposeScope();
        var table = coefficients.Cost(values.unsqueeze(0).unsqueeze(0), actions.unsqueeze(2)).sum(-1L);   // [B, J, S]
        return (table * weights.unsqueeze(1)).sum(-1L).MoveToOuterDisposeScope();
    }

    private static void Check(Tensor values, Tensor weights, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(actions);
        if (values.dim() != 2 || actions.dim() != 3 || actions.shape[2] != values.shape[1]
            || weights.dim() != 2 || weights.shape[0] != actions.shape[0] || weights.shape[1] != values.shape[0])
            throw new ArgumentException($"{Op}: values must be [S, H], weights [B, S] and actions [B, J, H]; got values {OpTensors.Shape(values)}, weights {OpTensors.Shape(weights)}, actions {OpTensors.Shape(actions)}.");
        OpTensors.SameDeviceAndType(Op, ("values", values), ("weights", weights), ("actions", actions));
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var c = (WindBiddingCoefficients)vars[0];
        Tensor values = (Tensor)vars[1], weights = (Tensor)vars[2], actions = (Tensor)vars[3];
        ctx.save_for_backward([values, weights, actions]);
        ctx.save_data("c", c);
        ctx.save_data("needs", new[] { values.requires_grad, weights.requires_grad, actions.requires_grad });
        return WeightedCostPass<WindBiddingTerms>.Forward(new WindBiddingTerms(c), values, weights, actions);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        using Tensor values = saved[0], weights = saved[1], actions = saved[2];
        var grads = WeightedCostPass<WindBiddingTerms>.Backward(new WindBiddingTerms((WindBiddingCoefficients)ctx.get_data("c")),
            values, weights, actions, gradOutput, (bool[])ctx.get_data("needs"));
        return [null!, grads[0]!, grads[1]!, grads[2]!];
    }
}
