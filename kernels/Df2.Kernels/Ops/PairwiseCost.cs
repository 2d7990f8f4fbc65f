using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// DF2's pairwise cost table (the value term of the attention estimate, eq. 4): for attention-point
/// values V [S, D] and actions A [B, J, D],
///   F[b, j, s] = Σ_d c(V[s, d], A[b, j, d]),  c the piecewise cost of <see cref="PiecewiseCoefficients"/>.
/// Backward, for an upstream gradient Ḟ [B, J, S]:
///   ∂L/∂V[s, d]    = Σ_{b,j} Ḟ[b, j, s] · ∂c/∂y(V[s, d], A[b, j, d]),
///   ∂L/∂A[b, j, d] = Σ_s Ḟ[b, j, s] · ∂c/∂a = −Σ_s Ḟ[b, j, s] · ∂c/∂y + 3ε A[b, j, d]² · Σ_s Ḟ[b, j, s].
/// CPU float32: a SIMD kernel over the tensors' memory, parallel over batch rows b; ∂L/∂V is summed
/// from per-row partials in the order b = 0, 1, … (same numbers for any thread count). Other devices
/// and dtypes: plain libtorch broadcasting (<see cref="Plain"/>), differentiated by libtorch.
/// </summary>
public sealed class PairwiseCost : autograd.SingleTensorFunction<PairwiseCost>
{
    private const string Op = nameof(PairwiseCost);

    public override string Name => Op;

    /// <summary>F [B, J, S] for values [S, D] and actions [B, J, D].</summary>
    public static Tensor Apply(PiecewiseCoefficients coefficients, Tensor values, Tensor actions, CostPath path = CostPath.Auto)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Check(values, actions);
        long b = actions.shape[0], j = actions.shape[1], s = values.shape[0], d = values.shape[1];
        long largest = b * Math.Max(j * s, d * Math.Max(j, s));                        // F, ∂A or the ∂V partials
        if (!OpTensors.UseFused(Op, path, largest, values, actions)) return Plain(coefficients, values, actions);
        return apply(coefficients, values.contiguous(), actions.contiguous());
    }

    /// <summary>The same F with plain libtorch ops ([B, J, S, D] intermediates), on any device and dtype.</summary>
    public static Tensor Plain(PiecewiseCoefficients coefficients, Tensor values, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Check(values, actions);
        using var scope = NewDisposeScope();
        var diff = values.unsqueeze(0).unsqueeze(0) - actions.unsqueeze(2);              // [B, J, S, D]
        var table = coefficients.Piecewise(diff).sum(-1L);                                // [B, J, S]
        if (coefficients.Epsilon != 0) table = table + coefficients.Cubic(actions).sum(-1L, keepdim: true);
        return table.MoveToOuterDisposeScope();
    }

    internal static void Check(Tensor values, Tensor actions)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(actions);
        if (values.dim() != 2 || actions.dim() != 3 || actions.shape[2] != values.shape[1])
            throw new ArgumentException($"{Op}: values must be [S, D] and actions [B, J, D] with the same D; got values {OpTensors.Shape(values)}, actions {OpTensors.Shape(actions)}.");
        OpTensors.SameDeviceAndType(Op, ("values", values), ("actions", actions));
    }

    public override unsafe Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var c = (PiecewiseCoefficients)vars[0];
        Tensor values = (Tensor)vars[1], actions = (Tensor)vars[2];
        int s = (int)values.shape[0], dims = (int)values.shape[1], b = (int)actions.shape[0], j = (int)actions.shape[1];
        using var vT = OpTensors.Transposed(values);
        var output = empty(b, j, s, dtype: ScalarType.Float32);
        if (output.numel() > 0)
        {
            var kernel = new CostKernel<PiecewiseTerms>(new PiecewiseTerms(c), OpTensors.Ptr(vT), s, dims);
            nint a = (nint)OpTensors.Ptr(actions), f = (nint)OpTensors.Ptr(output);
            Parallel.For(0, b, TorchThreads.Parallel, bi =>
            {
                for (int ji = 0; ji < j; ji++)
                {
                    long row = (long)bi * j + ji;
                    kernel.CostRow((float*)a + row * dims, (float*)f + row * s);
                }
            });
        }
        ctx.save_for_backward([values, actions]);
        ctx.save_data("c", c);
        ctx.save_data("needs", new[] { values.requires_grad, actions.requires_grad });
        return output;
    }

    public override unsafe List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var c = (PiecewiseCoefficients)ctx.get_data("c");
        var needs = (bool[])ctx.get_data("needs");
        bool needV = needs[0], needA = needs[1];
        var saved = ctx.get_saved_variables();
        using Tensor values = saved[0], actions = saved[1];
        int s = (int)values.shape[0], dims = (int)values.shape[1], b = (int)actions.shape[0], j = (int)actions.shape[1];
        using var scope = NewDisposeScope();
        var g = gradOutput.contiguous();
        var vT = OpTensors.Transposed(values);
        var partial = zeros(b, dims, s, dtype: ScalarType.Float32);                    // per-row ∂L/∂Vᵀ
        var gradA = zeros(b, j, dims, dtype: ScalarType.Float32);
        if (g.numel() > 0 && (needV || needA))
        {
            var kernel = new CostKernel<PiecewiseTerms>(new PiecewiseTerms(c), OpTensors.Ptr(vT), s, dims);
            nint a = (nint)OpTensors.Ptr(actions), gp = (nint)OpTensors.Ptr(g);
            nint pv = (nint)OpTensors.Ptr(partial), ga = (nint)OpTensors.Ptr(gradA);
            Parallel.For(0, b, TorchThreads.Parallel, bi =>
            {
                for (int ji = 0; ji < j; ji++)
                {
                    long row = (long)bi * j + ji;
                    kernel.CostRowBackward((float*)a + row * dims, (float*)gp + row * s,
                        (float*)pv + (long)bi * dims * s, (float*)ga + row * dims);
                }
            });
        }
        Tensor? gradV = null;
        if (needV)
        {
            var sumT = empty(dims, s, dtype: ScalarType.Float32);
            if (sumT.numel() > 0) OpTensors.SumRows(OpTensors.Ptr(partial), b, dims * s, OpTensors.Ptr(sumT));
            gradV = sumT.t().contiguous().MoveToOuterDisposeScope();
        }
        return [null!, gradV!, needA ? gradA.MoveToOuterDisposeScope() : null!];
    }
}
