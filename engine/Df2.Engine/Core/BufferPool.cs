using System.Collections.Concurrent;

namespace Df2.Engine;

/// <summary>
/// Recycles large float buffers. Only gradients that the backward pass itself allocated and has finished
/// with are returned here (see Tensor.Backward); every op output asks the pool first. Fresh memory is
/// expensive (page faults, LOH collections), and the same sizes recur every training step.
/// </summary>
public static class BufferPool
{
    private static readonly ConcurrentDictionary<int, ConcurrentBag<float[]>> Bags = new();
    private static long _pooledFloats;

    /// <summary>Switch for the recycling of backward-pass gradients (on by default).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Buffers smaller than this many floats are left to the GC.</summary>
    public const int MinFloats = 16 * 1024;

    /// <summary>Upper bound on pooled memory (floats; 256 Mi floats = 1 GiB).</summary>
    public static long CapFloats { get; set; } = 256L * 1024 * 1024;

    internal static float[]? Rent(int n)
    {
        if (n < MinFloats || !Bags.TryGetValue(n, out var bag) || !bag.TryTake(out var a)) return null;
        Interlocked.Add(ref _pooledFloats, -n);
        return a;
    }

    internal static void Return(float[] a)
    {
        if (!Enabled || a.Length < MinFloats || Interlocked.Read(ref _pooledFloats) + a.Length > CapFloats) return;
        Interlocked.Add(ref _pooledFloats, a.Length);
        Bags.GetOrAdd(a.Length, _ => new ConcurrentBag<float[]>()).Add(a);
    }

    /// <summary>Drops all pooled buffers.</summary>
    public static void Clear() { Bags.Clear(); Interlocked.Exchange(ref _pooledFloats, 0); }
}
