using static TorchSharp.torch;

namespace Df2.Kernels;

/// <summary>
/// The per-process CPU thread setting. libtorch's intra-op pool is process-wide
/// (<c>torch.set_num_threads</c>), and several worker slots may train in one process; left alone,
/// libtorch sizes its pool to all cores, so 2 slots on 2 cores would each ask for 2 threads.
/// <see cref="Configure"/> gives each slot max(1, cores / slots) threads: libtorch's pool gets that
/// size and the fused kernels of <see cref="Ops"/> cap their Parallel loops at the same number.
/// Call it once at process start, before the first tensor op (the host that knows its slot count
/// does). The kernels' results do not depend on the thread count (fixed reduction order).
/// Measured choice on the 2-core dev machine: see docs/benchmarks.md ("Threads").
/// </summary>
public static class TorchThreads
{
    private static int _threads = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Threads one slot uses: libtorch's intra-op pool and the kernels' Parallel loops.</summary>
    public static int Threads => _threads;

    /// <summary>Sets threads per slot to max(1, cores / <paramref name="slotsPerProcess"/>) and returns it.</summary>
    public static int Configure(int slotsPerProcess) => SetThreads(PerSlot(slotsPerProcess));

    /// <summary>max(1, cores / <paramref name="slots"/>): what <see cref="Configure"/> sets, for a host that passes it on to its df2-worker children.</summary>
    public static int PerSlot(int slots) =>
        slots >= 1
            ? Math.Max(1, Environment.ProcessorCount / slots)
            : throw new ArgumentOutOfRangeException(nameof(slots), slots, "TorchThreads.Configure: slotsPerProcess must be ≥ 1.");

    /// <summary>Sets an explicit thread count (benchmarks, tests); returns it.</summary>
    public static int SetThreads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "TorchThreads.SetThreads: threads must be ≥ 1.");
        set_num_threads(threads);
        _threads = threads;
        return threads;
    }

    /// <summary>Options for the kernels' Parallel loops: at most <see cref="Threads"/> at once.</summary>
    internal static ParallelOptions Parallel => new() { MaxDegreeOfParallelism = _threads };
}
