using System.Numerics.Tensors;

namespace Df2.Engine.Backends.Cpu;

public sealed partial class CpuBackend
{
    public void ReduceSum(float[] x, int outer, int n, int inner, float[] dst)
    {
        if (inner == 1 && n < 16)
        {
            // short rows (e.g. the d = 2 of a decision): a scalar loop beats a library call per row
            Par.For(outer, n, (s, e) =>
            {
                for (int o = s; o < e; o++) { float acc = 0; int b = o * n; for (int k = 0; k < n; k++) acc += x[b + k]; dst[o] = acc; }
            });
            return;
        }
        if (inner == 1)
        {
            Par.For(outer, n, (s, e) => { for (int o = s; o < e; o++) dst[o] = TensorPrimitives.Sum(x.AsSpan(o * n, n)); });
            return;
        }
        Par.For(outer, (long)n * inner, (s, e) =>
        {
            for (int o = s; o < e; o++)
            {
                var acc = dst.AsSpan(o * inner, inner);
                x.AsSpan(o * n * inner, inner).CopyTo(acc);
                for (int k = 1; k < n; k++) TensorPrimitives.Add(acc, x.AsSpan((o * n + k) * inner, inner), acc);
            }
        });
    }

    public void ReduceMax(float[] x, int outer, int n, int inner, float[] dst, int[] argmax)
    {
        Par.For(outer, (long)n * inner, (s, e) =>
        {
            for (int o = s; o < e; o++)
                for (int i = 0; i < inner; i++)
                {
                    int b = o * n * inner + i;
                    float best = x[b]; int arg = 0;
                    for (int k = 1; k < n; k++)
                    {
                        float v = x[b + k * inner];
                        if (v > best || (float.IsNaN(v) && !float.IsNaN(best))) { best = v; arg = k; }
                    }
                    dst[o * inner + i] = best; argmax[o * inner + i] = arg;
                }
        });
    }

    /// <summary>softmax(x)_k = exp(x_k − max x) / Σ_j exp(x_j − max x).</summary>
    public void Softmax(float[] x, int outer, int n, int inner, float[] dst)
    {
        if (inner == 1)
        {
            Par.For(outer, n * 8L, (s, e) =>
            {
                for (int o = s; o < e; o++)
                {
                    var row = x.AsSpan(o * n, n); var d = dst.AsSpan(o * n, n);
                    float m = TensorPrimitives.Max(row);
                    TensorPrimitives.Subtract(row, m, d);
                    TensorPrimitives.Exp(d, d);
                    float z = TensorPrimitives.Sum(d);
                    TensorPrimitives.Multiply(d, 1f / z, d);
                }
            });
            return;
        }
        Par.For(outer, (long)n * inner * 8, (s, e) =>
        {
            var col = new float[n];
            for (int o = s; o < e; o++)
                for (int i = 0; i < inner; i++)
                {
                    int b = o * n * inner + i;
                    for (int k = 0; k < n; k++) col[k] = x[b + k * inner];
                    float m = TensorPrimitives.Max(col);
                    TensorPrimitives.Subtract(col, m, col);
                    TensorPrimitives.Exp(col, col);
                    float z = 1f / TensorPrimitives.Sum(col);
                    for (int k = 0; k < n; k++) dst[b + k * inner] = col[k] * z;
                }
        });
    }
}
