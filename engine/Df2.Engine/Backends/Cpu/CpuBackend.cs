using System.Numerics.Tensors;

namespace Df2.Engine.Backends.Cpu;

/// <summary>CPU backend: System.Numerics.Tensors SIMD kernels, Parallel.For over cores, blocked GEMM.</summary>
public sealed partial class CpuBackend : IBackend
{
    public string Name => "cpu";

    public void Binary(BinaryOp op, float[] a, int[] aShape, float[] b, int[] bShape, float[] dst, int[] outShape)
    {
        switch (op)
        {
            case BinaryOp.Add: BinaryKernels.Run<AddOp>(a, aShape, b, bShape, dst, outShape); break;
            case BinaryOp.Sub: BinaryKernels.Run<SubOp>(a, aShape, b, bShape, dst, outShape); break;
            case BinaryOp.Mul: BinaryKernels.Run<MulOp>(a, aShape, b, bShape, dst, outShape); break;
            case BinaryOp.Div: BinaryKernels.Run<DivOp>(a, aShape, b, bShape, dst, outShape); break;
            case BinaryOp.Min: BinaryKernels.Run<MinOp>(a, aShape, b, bShape, dst, outShape); break;
            case BinaryOp.Max: BinaryKernels.Run<MaxOp>(a, aShape, b, bShape, dst, outShape); break;
            case BinaryOp.Pow: BinaryKernels.Run<PowOp>(a, aShape, b, bShape, dst, outShape); break;
            default: throw new NotSupportedException(op.ToString());
        }
    }

    public void Unary(UnaryOp op, float[] x, float[] dst, int n, float p0 = 0, float p1 = 0)
    {
        Par.For(n, 4, (s, e) => UnaryChunk(op, x.AsSpan(s, e - s), dst.AsSpan(s, e - s), p0, p1));
    }

    private static void UnaryChunk(UnaryOp op, ReadOnlySpan<float> x, Span<float> d, float p0, float p1)
    {
        switch (op)
        {
            case UnaryOp.Neg: TensorPrimitives.Negate(x, d); break;
            case UnaryOp.Exp: TensorPrimitives.Exp(x, d); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, d); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, d); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, d); break;
            case UnaryOp.Relu: TensorPrimitives.Max(x, 0f, d); break;
            case UnaryOp.Tanh: TensorPrimitives.Tanh(x, d); break;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, d); break;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, d); break;
            case UnaryOp.Scale: TensorPrimitives.Multiply(x, p0, d); break;
            case UnaryOp.AddScalar: TensorPrimitives.Add(x, p0, d); break;
            case UnaryOp.Clamp: TensorPrimitives.Min(x, p1, d); TensorPrimitives.Max(d, p0, d); break;
            case UnaryOp.Softplus:
                // softplus(x) = log(1+e^x) = max(x,0) + log1p(e^{-|x|}); PyTorch returns x above threshold 20.
                for (int i = 0; i < d.Length; i++) { float v = x[i]; d[i] = v > 20f ? v : MathF.Max(v, 0f) + (float)Math.Log(1.0 + Math.Exp(-Math.Abs(v))); }
                break;
            case UnaryOp.Gelu:
                // gelu(x) = x·Φ(x), Φ(x) = ½(1 + erf(x/√2)) (exact form, PyTorch default)
                for (int i = 0; i < d.Length; i++) { double v = x[i]; d[i] = (float)(v * 0.5 * (1 + Special.Erf(v / Math.Sqrt(2)))); }
                break;
            case UnaryOp.GeluGrad:
                // d gelu/dx = Φ(x) + x·φ(x)
                for (int i = 0; i < d.Length; i++) { double v = x[i]; d[i] = (float)(0.5 * (1 + Special.Erf(v / Math.Sqrt(2))) + v * Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI)); }
                break;
            case UnaryOp.ClampMask:
                for (int i = 0; i < d.Length; i++) d[i] = x[i] >= p0 && x[i] <= p1 ? 1f : 0f;
                break;
            case UnaryOp.Step:
                for (int i = 0; i < d.Length; i++) d[i] = x[i] > p0 ? 1f : 0f;
                break;
            case UnaryOp.Sign:
                for (int i = 0; i < d.Length; i++) d[i] = x[i] > 0 ? 1f : x[i] < 0 ? -1f : 0f;
                break;
            case UnaryOp.PowScalar:
                if (p0 == 2f) TensorPrimitives.Multiply(x, x, d);
                else if (p0 == 3f) { TensorPrimitives.Multiply(x, x, d); TensorPrimitives.Multiply(d, x, d); }
                else if (p0 == 1f) x.CopyTo(d);
                else if (p0 == 0.5f) TensorPrimitives.Sqrt(x, d);
                else for (int i = 0; i < d.Length; i++) d[i] = MathF.Pow(x[i], p0);
                break;
            default: throw new NotSupportedException(op.ToString());
        }
    }
}
