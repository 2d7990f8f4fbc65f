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
        if (!OpTensors.UseFused(Op, path, values, weights, actions)) return Plain(coefficients, values, weights, actions);
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
        OpTensors.SameDeviceAndType(Op, ("values", values), ("weights", weights));
    }

    public override unsafe Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var c = (PiecewiseCoefficients)vars[0];
        Tensor values = (Tensor)vars[1], weights = (Tensor)vars[2], actions = (Tensor)vars[3];
        int s = (int)values.shape[0], dims = (int)values.shape[1], b = (int)actions.shape[0], j = (int)actions.shape[1];
        using var vT = OpTensors.Transposed(values);
        var output = empty(b, j, dtype: ScalarType.Float32);
        if (output.numel() > 0)
        {
            var kernel = new PiecewiseKernel(c, OpTensors.Ptr(vT), s, dims);
            nint a = (nint)OpTensors.Ptr(actions), w = (nint)OpTensors.Ptr(weights), g = (nint)OpTensors.Ptr(output);
            Parallel.For(0, b, TorchThreads.Parallel, bi =>
            {
                float* wRow = (float*)w + (long)bi * s;
                float sumW = PiecewiseKernel.Sum(wRow, s);
                for (int ji = 0; ji < j; ji++)
                {
                    long row = (long)bi * j + ji;
                    ((float*)g)[row] = kernel.WeightedCost((float*)a + row * dims, wRow, sumW);
                }
            });
        }
        ctx.save_for_backward([values, weights, actions]);
        ctx.save_data("c", c);
        ctx.save_data("needs", new[] { values.requires_grad, weights.requires_grad, actions.requires_grad });
        return output;
    }

    public override unsafe List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var c = (PiecewiseCoefficients)ctx.get_data("c");
        var needs = (bool[])ctx.get_data("needs");
        var saved = ctx.get_saved_variables();
        using Tensor values = saved[0], weights = saved[1], actions = saved[2];
        int s = (int)values.shape[0], dims = (int)values.shape[1], b = (int)actions.shape[0], j = (int)actions.shape[1];
        using var scope = NewDisposeScope();
        var gG = gradOutput.contiguous();
        var vT = OpTensors.Transposed(values);
        var partial = zeros(b, dims, s, dtype: ScalarType.Float32);       // per-row Σ_j Ġ·∂c/∂y, then × W[b, s]
        var gradW = zeros(b, s, dtype: ScalarType.Float32);
        var gradA = zeros(b, j, dims, dtype: ScalarType.Float32);
        if (gG.numel() > 0 && s > 0)
        {
            var kernel = new PiecewiseKernel(c, OpTensors.Ptr(vT), s, dims);
            nint a = (nint)OpTensors.Ptr(actions), w = (nint)OpTensors.Ptr(weights), gp = (nint)OpTensors.Ptr(gG);
            nint pv = (nint)OpTensors.Ptr(partial), gw = (nint)OpTensors.Ptr(gradW), ga = (nint)OpTensors.Ptr(gradA);
            Parallel.For(0, b, TorchThreads.Parallel, bi =>
            {
                float* wRow = (float*)w + (long)bi * s, gwRow = (float*)gw + (long)bi * s, pvRow = (float*)pv + (long)bi * dims * s;
                float sumW = PiecewiseKernel.Sum(wRow, s), cubic = 0;
                for (int ji = 0; ji < j; ji++)
                {
                    long row = (long)bi * j + ji;
                    float gr = ((float*)gp)[row];
                    float* aRow = (float*)a + row * dims;
                    kernel.WeightedBackward(aRow, wRow, sumW, gr, gwRow, pvRow, (float*)ga + row * dims);
                    cubic += gr * kernel.Cubic(aRow);
                }
                for (int k = 0; k < s; k++) gwRow[k] += cubic;                             // Σ_j Ġ·εΣ_d a³
                for (int d = 0; d < dims; d++)
                    for (int k = 0; k < s; k++) pvRow[(long)d * s + k] *= wRow[k];          // × W[b, s]
            });
        }
        Tensor? gradV = null;
        if (needs[0])
        {
            var sumT = empty(dims, s, dtype: ScalarType.Float32);
            if (sumT.numel() > 0) OpTensors.SumRows(OpTensors.Ptr(partial), b, dims * s, OpTensors.Ptr(sumT));
            gradV = sumT.t().contiguous().MoveToOuterDisposeScope();
        }
        return [null!, gradV!, needs[1] ? gradW.MoveToOuterDisposeScope() : null!, needs[2] ? gradA.MoveToOuterDisposeScope() : null!];
    }
}
