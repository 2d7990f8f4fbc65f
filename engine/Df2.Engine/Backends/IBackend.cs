namespace Df2.Engine.Backends;

/// <summary>Elementwise binary kernels (broadcasting).</summary>
public enum BinaryOp { Add, Sub, Mul, Div, Min, Max, Pow }

/// <summary>Elementwise unary kernels; P0/P1 are op parameters (exponent, clamp bounds, scale).</summary>
public enum UnaryOp { Neg, Exp, Log, Sqrt, Abs, Relu, Tanh, Sigmoid, Softplus, Gelu, GeluGrad, Clamp, ClampMask, PowScalar, Scale, AddScalar, Step, Sign, Square }

/// <summary>
/// The kernels under the tensor ops. Autograd and the ops only call this interface, so another
/// device (CUDA) is a new implementation, not a change to the graph code. Storage is flat
/// row-major float arrays; shapes describe them.
/// </summary>
public interface IBackend
{
    /// <summary>Backend name.</summary>
    string Name { get; }

    /// <summary>dst[i] = op(a[bcast i], b[bcast i]) over <paramref name="outShape"/>.</summary>
    void Binary(BinaryOp op, float[] a, int[] aShape, float[] b, int[] bShape, float[] dst, int[] outShape);

    /// <summary>dst[i] = op(x[i]) for i &lt; n.</summary>
    void Unary(UnaryOp op, float[] x, float[] dst, int n, float p0 = 0, float p1 = 0);

    /// <summary>Sums <paramref name="src"/> (shape srcShape) down to dstShape (the inverse of broadcasting).</summary>
    void SumTo(float[] src, int[] srcShape, float[] dst, int[] dstShape);

    /// <summary>Copies src broadcast to dstShape.</summary>
    void BroadcastTo(float[] src, int[] srcShape, float[] dst, int[] dstShape);

    /// <summary>dst[o,i] = Σ_k x[o,k,i] for a tensor viewed as [outer, n, inner].</summary>
    void ReduceSum(float[] x, int outer, int n, int inner, float[] dst);

    /// <summary>dst[o,i] = max_k x[o,k,i], argmax[o,i] = first k attaining it.</summary>
    void ReduceMax(float[] x, int outer, int n, int inner, float[] dst, int[] argmax);

    /// <summary>Softmax along the middle axis of [outer, n, inner].</summary>
    void Softmax(float[] x, int outer, int n, int inner, float[] dst);

    /// <summary>dst = x permuted: dst dim i = x dim perm[i].</summary>
    void Permute(float[] x, int[] shape, int[] perm, float[] dst);

    /// <summary>C[batch] = op(A[batch]) · op(B[batch]) (+ C when accumulate); A is m×k after op, B is k×n after op.
    /// Strides between batch items may be 0 (broadcast).</summary>
    void Gemm(bool transA, bool transB, int batch, int m, int n, int k,
              float[] a, int aBatchStride, float[] b, int bBatchStride, float[] c, bool accumulate);
}

/// <summary>The backend used by the tensor ops.</summary>
public static class Backend
{
    /// <summary>Current backend (CPU).</summary>
    public static IBackend Current { get; set; } = new Cpu.CpuBackend();
}
