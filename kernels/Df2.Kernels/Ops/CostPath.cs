namespace Df2.Kernels.Ops;

/// <summary>Which implementation a fused DF2 op runs.</summary>
public enum CostPath
{
    /// <summary>The SIMD kernel for float32 tensors on the CPU; plain libtorch ops otherwise (cuda, float64, …).</summary>
    Auto,

    /// <summary>The SIMD kernel; an error for tensors that are not float32 on the CPU.</summary>
    Fused,

    /// <summary>Plain libtorch broadcast ops on any device and dtype (autograd by libtorch).</summary>
    Plain,
}
