using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// The fused forward and backward of G[b, j] = Σ_s W[b, s]·Σ_d c(V[s, d], A[b, j, d]) for any
/// c = h(y − a) + p(y) + q(a) (<see cref="ICostTerms"/>), on contiguous float32 CPU tensors: the fused path of
/// <see cref="WeightedSeparableCost"/> (its doc comment gives the backward formulas), reached through each
/// <see cref="CoordinateCost"/>'s terms. Parallel over batch rows b; ∂L/∂V is summed from per-row partials in the order
/// b = 0, 1, …, so the numbers do not depend on the thread count.
/// </summary>
internal static unsafe class WeightedCostPass<T> where T : struct, ICostTerms
{
    public static Tensor Forward(T terms, Tensor values, Tensor weights, Tensor actions)
    {
        int s = (int)values.shape[0], dims = (int)values.shape[1], b = (int)actions.shape[0], j = (int)actions.shape[1];
        using var scope = NewDisposeScope();
        var vT = OpTensors.Transposed(values);
        var ofY = OfY(terms, vT, s, dims);
        var output = empty(b, j, dtype: ScalarType.Float32);
        if (output.numel() > 0)
        {
            var kernel = new CostKernel<T>(terms, OpTensors.Ptr(vT), s, dims);
            nint a = (nint)OpTensors.Ptr(actions), w = (nint)OpTensors.Ptr(weights), g = (nint)OpTensors.Ptr(output);
            nint py = ofY is null ? 0 : (nint)OpTensors.Ptr(ofY);
            Parallel.For(0, b, TorchThreads.Parallel, bi =>
            {
                float* wRow = (float*)w + (long)bi * s;
                float sumW = CostKernel<T>.Sum(wRow, s), wp = py == 0 ? 0 : Dot(wRow, (float*)py, s);
                for (int ji = 0; ji < j; ji++)
                {
                    long row = (long)bi * j + ji;
                    ((float*)g)[row] = kernel.WeightedCost((float*)a + row * dims, wRow, sumW) + wp;
                }
            });
        }
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>[∂L/∂V, ∂L/∂W, ∂L/∂A] for the upstream gradient Ġ [B, J]; null where <paramref name="needs"/> is false.</summary>
    public static Tensor?[] Backward(T terms, Tensor values, Tensor weights, Tensor actions, Tensor gradOutput, bool[] needs)
    {
        int s = (int)values.shape[0], dims = (int)values.shape[1], b = (int)actions.shape[0], j = (int)actions.shape[1];
        using var scope = NewDisposeScope();
        var gG = gradOutput.contiguous();
        var vT = OpTensors.Transposed(values);
        var ofY = OfY(terms, vT, s, dims);
        var partial = zeros(b, dims, s, dtype: ScalarType.Float32);        // per row b: W[b, s]·Σ_j Ġ·∂c/∂y
        var gradW = zeros(b, s, dtype: ScalarType.Float32);
        var gradA = zeros(b, j, dims, dtype: ScalarType.Float32);
        if (gG.numel() > 0 && s > 0)
        {
            var kernel = new CostKernel<T>(terms, OpTensors.Ptr(vT), s, dims);
            nint a = (nint)OpTensors.Ptr(actions), w = (nint)OpTensors.Ptr(weights), gp = (nint)OpTensors.Ptr(gG), v = (nint)OpTensors.Ptr(vT);
            nint pv = (nint)OpTensors.Ptr(partial), gw = (nint)OpTensors.Ptr(gradW), ga = (nint)OpTensors.Ptr(gradA);
            nint py = ofY is null ? 0 : (nint)OpTensors.Ptr(ofY);
            bool needA = needs[2];
            Parallel.For(0, b, TorchThreads.Parallel, bi =>
            {
                float* wRow = (float*)w + (long)bi * s, gwRow = (float*)gw + (long)bi * s, pvRow = (float*)pv + (long)bi * dims * s;
                float sumW = CostKernel<T>.Sum(wRow, s), ofA = 0, sumG = 0;
                for (int ji = 0; ji < j; ji++)
                {
                    long row = (long)bi * j + ji;
                    float gr = ((float*)gp)[row];
                    float* aRow = (float*)a + row * dims;
                    kernel.WeightedBackward(aRow, wRow, sumW, gr, gwRow, pvRow, needA ? (float*)ga + row * dims : null);
                    ofA += gr * kernel.OfA(aRow);
                    sumG += gr;
                }
                for (int k = 0; k < s; k++)                                          // Σ_j Ġ·(Σ_d q + Σ_d p(V[s, d]))
                    gwRow[k] += ofA + (py == 0 ? 0 : sumG * ((float*)py)[k]);
                for (int d = 0; d < dims; d++)                                       // × W[b, s], plus Σ_j Ġ·p′(V[s, d])
                    for (int k = 0; k < s; k++)
                    {
                        long at = (long)d * s + k;
                        float yTerm = terms.HasYTerm ? sumG * terms.OfYSlope(((float*)v)[at]) : 0;
                        pvRow[at] = wRow[k] * (pvRow[at] + yTerm);
                    }
            });
        }
        Tensor? gradV = null;
        if (needs[0])
        {
            var sumT = empty(dims, s, dtype: ScalarType.Float32);
            if (sumT.numel() > 0) OpTensors.SumRows(OpTensors.Ptr(partial), b, dims * s, OpTensors.Ptr(sumT));
            gradV = sumT.t().contiguous().MoveToOuterDisposeScope();
        }
        return [gradV, needs[1] ? gradW.MoveToOuterDisposeScope() : null, needs[2] ? gradA.MoveToOuterDisposeScope() : null];
    }

    /// <summary>Σ_d p(V[s, d]) per attention point [S], or null when p = 0.</summary>
    private static Tensor? OfY(T terms, Tensor vT, int s, int dims)
    {
        if (!terms.HasYTerm) return null;
        var sum = zeros(s, dtype: ScalarType.Float32);
        float* v = OpTensors.Ptr(vT), dst = s > 0 ? OpTensors.Ptr(sum) : null;
        for (int d = 0; d < dims; d++)
            for (int k = 0; k < s; k++) dst[k] += terms.OfY(v[(long)d * s + k]);
        return sum;
    }

    private static float Dot(float* x, float* y, int n)
    {
        float sum = 0;
        for (int k = 0; k < n; k++) sum += x[k] * y[k];
        return sum;
    }
}
