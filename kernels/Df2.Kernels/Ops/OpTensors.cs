using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>Shared plumbing of the fused ops: path choice, raw CPU pointers, fixed-order reductions.</summary>
internal static unsafe class OpTensors
{
    /// <summary>
    /// True when <paramref name="path"/> selects the SIMD kernel for these tensors; <paramref name="largestBuffer"/>
    /// is the element count of the largest tensor the kernel allocates (output or per-row partials).
    /// </summary>
    public static bool UseFused(string op, CostPath path, long largestBuffer, params Tensor[] tensors)
    {
        bool fusable = largestBuffer * sizeof(float) <= int.MaxValue
                       && tensors.All(t => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32
                                           && t.numel() * sizeof(float) <= int.MaxValue);
        return path switch
        {
            CostPath.Plain => false,
            CostPath.Auto => fusable,
            CostPath.Fused when fusable => true,
            CostPath.Fused => throw new ArgumentException($"{op}: the fused path needs float32 CPU tensors under 2 GiB, got {string.Join(", ", tensors.Select(t => $"{t.dtype} on {t.device}"))}."),
            _ => throw new ArgumentOutOfRangeException(nameof(path), path, $"{op}: unknown CostPath."),
        };
    }

    /// <summary>All tensors on one device with one dtype, or one clear error.</summary>
    public static void SameDeviceAndType(string op, params (string Name, Tensor T)[] tensors)
    {
        var first = tensors[0];
        foreach (var (name, t) in tensors.Skip(1))
            if (t.device_type != first.T.device_type || t.device_index != first.T.device_index || t.dtype != first.T.dtype)
                throw new ArgumentException($"{op}: {name} is {t.dtype} on {t.device} but {first.Name} is {first.T.dtype} on {first.T.device}; both must match.");
    }

    public static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    /// <summary>Address of a contiguous CPU float32 tensor's first element (libtorch memory: it does not move).</summary>
    public static float* Ptr(Tensor t) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    /// <summary>Vᵀ [D, S] contiguous, so the kernels run SIMD over the attention points s.</summary>
    public static Tensor Transposed(Tensor values) => values.t().contiguous();

    /// <summary>
    /// acc[i] = Σ_r part[r, i] for r = 0, 1, … in this order (deterministic, independent of the thread count);
    /// part is [R, n] contiguous, acc has n elements.
    /// </summary>
    public static void SumRows(float* part, int rows, int n, float* acc)
    {
        new Span<float>(acc, n).Clear();
        int width = Vector<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            float* src = part + (long)r * n;
            int i = 0;
            for (; i <= n - width; i += width)
                (Vector.Load(acc + i) + Vector.Load(src + i)).Store(acc + i);
            for (; i < n; i++) acc[i] += src[i];
        }
    }
}
