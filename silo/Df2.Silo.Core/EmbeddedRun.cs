using System.Collections.Concurrent;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Stores;

namespace Df2.Silo;

/// <summary>Options of an embedded run (<c>df2 run</c>).</summary>
public sealed record EmbeddedRunOptions(string SpecPath, int Workers, string OutDir, string StorePath, string Device = "cpu",
    int LeaseSeconds = 60, int MaxRetries = 2, string? CheckpointDir = null);

/// <summary>What the run ended with: the sweep and how many cells were skipped because an earlier run finished them.</summary>
public sealed record EmbeddedRunResult(string SweepId, int Total, int Done, int Failed, int Cancelled, int SkippedAlreadyFinished,
    IReadOnlyList<CellView> Cells);

/// <summary>
/// The embedded mode: the API role's store (SQLite file) and N worker roles in one process, through
/// the same <see cref="SqlClusterStore"/>, <see cref="CellGrain"/> and <see cref="WorkerLoop"/> the
/// cluster uses. Re-running the same spec resumes: finished cells are skipped; interrupted ones return
/// to pending and restart from their last epoch checkpoint.
/// </summary>
public sealed class EmbeddedRun(EmbeddedRunOptions options, ICellExecutor executor)
{
    /// <summary>Latest epoch report per running cell (filled by the workers, read by the progress display).</summary>
    public ConcurrentDictionary<long, CellView> Live { get; } = new();

    public SqlClusterStore? Store { get; private set; }

    public string? SweepId { get; private set; }

    public int Workers => options.Workers;

    /// <summary>Parse and validate the spec; throws <see cref="SweepSpecException"/> before anything is written.</summary>
    public PreparedSweep Prepare()
    {
        if (!File.Exists(options.SpecPath))
            throw new SweepSpecException(options.SpecPath, "(file)", 0, 0, "spec file not found");
        return SweepSubmission.Prepare(File.ReadAllText(options.SpecPath), options.SpecPath, executor);
    }

    public async Task<EmbeddedRunResult> RunAsync(PreparedSweep sweep, Action<string>? log, CancellationToken drain)
    {
        var store = Store = SqlClusterStore.Open(options.StorePath, options.CheckpointDir);
        SweepId = sweep.SweepId;
        var submitted = SweepSubmission.Submit(store, sweep, options.MaxRetries);
        var reclaimed = store.ReclaimAllLeases("interrupted: the previous run stopped before finishing; resuming from its checkpoint");
        var before = store.Cells(sweep.SweepId);
        var skipped = submitted.Existing ? before.Count(c => c.State is "done" or "failed") : 0;
        if (submitted.Existing) log?.Invoke($"resuming sweep {sweep.SweepId}: {skipped} of {before.Count} cells already finished, {reclaimed} interrupted");
        var scheduler = new StoreScheduler(store, options.LeaseSeconds);
        var heartbeat = TimeSpan.FromSeconds(Math.Max(1, options.LeaseSeconds / 4.0));
        bool SweepOver() => store.Cells(sweep.SweepId).All(c => c.State is "done" or "failed" or "cancelled");
        var loops = Enumerable.Range(0, options.Workers).Select(i => new WorkerLoop(scheduler, executor, $"local-{i}", options.Device,
            heartbeat, TimeSpan.FromMilliseconds(200), SweepOver, v => Live[v.CellId] = v, log)).ToList();
        await Task.WhenAll(loops.Select(l => Task.Run(() => l.RunAsync(drain), CancellationToken.None)));
        var cells = store.Cells(sweep.SweepId);
        Live.Clear();
        ResultsCsv.WriteOutputs(options.OutDir, cells);
        return new EmbeddedRunResult(sweep.SweepId, cells.Count, cells.Count(c => c.State == "done"), cells.Count(c => c.State == "failed"),
            cells.Count(c => c.State == "cancelled"), skipped, cells);
    }
}
