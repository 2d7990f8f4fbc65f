using Df2.Grains;
using Df2.Grains.Worker;
using Df2.Learning.Running;

namespace Df2.Cluster.Tests;

/// <summary>
/// The uninterrupted reference run a resume test compares its regret with, trained in a df2-worker child as the silos
/// train: this test process hosts clients, silo output readers and other tests' threads that allocate, and TorchSharp
/// 0.107's Scalar handles are not safe against another thread's garbage collection (issue 17). An in-process reference
/// failed CI once that way ("Expected false to be true … Scalar.h:140" in an so-ebm batch).
/// </summary>
public static class ReferenceRuns
{
    /// <summary>Runs <paramref name="request"/> from scratch in a child with <paramref name="threads"/> libtorch threads.</summary>
    public static CellMetrics InChild(CellRequest request, int threads)
    {
        using var executor = new ProcessCellExecutor(new LearningCellExecutor(), new WorkerOptions("learning", threads, TimeSpan.FromMinutes(10)));
        return executor.Run(request, new MemorySink(), _ => { }, CancellationToken.None);
    }
}
