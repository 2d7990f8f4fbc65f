namespace Df2.Engine;

/// <summary>Splits a range [0, n) into contiguous chunks run on the thread pool when the work is large enough.</summary>
public static class Par
{
    /// <summary>Worker count used by the CPU kernels (defaults to the processor count; settable for benchmarks).</summary>
    public static int Threads { get; set; } = Environment.ProcessorCount;

    /// <summary>Runs body(start, end) over chunks; serial when n·costPerItem is below ~32k operations.</summary>
    internal static void For(int n, long costPerItem, Action<int, int> body)
    {
        int t = Threads;
        if (t <= 1 || n < 2 || n * costPerItem < 32_768) { body(0, n); return; }
        int chunks = Math.Min(t, n);
        if (chunks == 1) { body(0, n); return; }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = t }, c =>
        {
            int s = (int)((long)n * c / chunks), e = (int)((long)n * (c + 1) / chunks);
            if (e > s) body(s, e);
        });
    }
}
