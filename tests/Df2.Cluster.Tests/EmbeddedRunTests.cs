using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo;
using Df2.Silo.Stores;

namespace Df2.Cluster.Tests;

/// <summary><c>df2 run</c>'s engine in process: real cells, outputs, resume, NaN failure, malformed specs.</summary>
public class EmbeddedRunTests
{
    private static async Task<(EmbeddedRunResult Result, EmbeddedRun Run)> Run(string spec, string dir, ICellExecutor executor,
        int workers = 2, CancellationToken cancel = default, Action<string>? log = null)
    {
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, workers, Path.Combine(dir, "out"), Path.Combine(dir, "df2.db")), executor);
        return (await run.RunAsync(run.Prepare(), log, cancel), run);
    }

    [Fact]
    public async Task Real_cells_run_write_outputs_and_rerun_skips_finished()
    {
        var dir = Paths.TempDir("embedded");
        var spec = TinySpecs.Write(dir, "tiny.yaml", TinySpecs.Real);
        var (first, _) = await Run(spec, dir, new LearningCellExecutor());
        Assert.Equal((6, 6, 0), (first.Total, first.Done, first.Failed));
        var csv = File.ReadAllLines(Path.Combine(dir, "out", "results.csv"));
        Assert.StartsWith("task,method,variant,seed,data_seed,status,regret,lower_bound,gap,epochs,train_seconds", csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.All(first.Cells, c => Assert.True(double.IsFinite(c.Result!.Regret) && c.Result.LowerBound is not null));
        var table = File.ReadAllText(Path.Combine(dir, "out", "table.md"));
        Assert.Contains("| df2 |", table);
        Assert.Contains("(n=2)", table);

        var (second, _) = await Run(spec, dir, new LearningCellExecutor());
        Assert.Equal(6, second.SkippedAlreadyFinished);
        Assert.Equal(csv, File.ReadAllLines(Path.Combine(dir, "out", "results.csv")));
    }

    [Fact]
    public async Task Nan_loss_fails_that_cell_with_the_reason_and_the_worker_goes_on()
    {
        var dir = Paths.TempDir("nan");
        var (r, _) = await Run(TinySpecs.Write(dir, "nan.yaml", TinySpecs.Nan), dir, new LearningCellExecutor(), workers: 1);
        var failed = Assert.Single(r.Cells, c => c.State == "failed");
        Assert.Equal("two-stage-pe", failed.Method);
        Assert.Contains("NaN", failed.Reason);
        Assert.Equal(1, failed.Attempt); // permanent: not retried
        Assert.Equal("done", r.Cells.Single(c => c.Method == "policy-net").State);
        Assert.Contains(",failed,", File.ReadAllText(Path.Combine(dir, "out", "results.csv")));
    }

    [Fact]
    public async Task Interrupted_run_resumes_from_the_last_epoch_checkpoint()
    {
        var dir = Paths.TempDir("resume");
        var spec = TinySpecs.Write(dir, "spin.yaml", TinySpecs.Spin("resume", cells: 3, epochs: 4, spinMs: 150));
        // Simulate a crash: a run that leased a cell, checkpointed epoch 2 and died without releasing.
        var prepared = new EmbeddedRun(new EmbeddedRunOptions(spec, 1, "", ""), new SpinCellExecutor()).Prepare();
        using (var store = SqlClusterStore.Open(Path.Combine(dir, "df2.db")))
        {
            SweepSubmission.Submit(store, prepared, 2);
            var lease = store.Lease(new LeaseRequest("crashed", "cpu"), 3600)!;
            Assert.True(store.SaveCheckpoint(lease.CellId, lease.Attempt, 2, "2"u8.ToArray()).Accepted);
        }
        // Drain (Ctrl-C) a second run part-way through: as soon as its first cell completes (an event, not a
        // wall-clock delay — a timer-based drain raced the thread pool on 2 cores and sometimes fired after the run).
        using var cts = new CancellationTokenSource();
        var (interrupted, _) = await Run(spec, dir, new SpinCellExecutor(), workers: 1, cts.Token,
            log: line => { if (line.Contains("→ Completed", StringComparison.Ordinal)) cts.Cancel(); });
        Assert.True(interrupted.Done < 3);
        var (final, _) = await Run(spec, dir, new SpinCellExecutor(), workers: 2);
        Assert.Equal(3, final.Done);
        var crashed = final.Cells.Single(c => c.Seed == 0);
        Assert.True(crashed.Result!.Extra["resumed_from_epoch"] >= 2, "the crashed cell resumed from its epoch-2 checkpoint");
        using var check = SqlClusterStore.Open(Path.Combine(dir, "df2.db"));
        Assert.All(check.CompletionCounts(final.SweepId).Values, n => Assert.Equal(1, n));
    }

    [Theory]
    [InlineData("methods:\n  - name: df2\n  - nope\n", "methods[1]", "unknown method 'nope'")]
    [InlineData("methods:\n  - name: df2\n    params: { S: -3 }\n", "methods[0].params.S", "'S'")]
    [InlineData("methods:\n  - name: df2\n    params: { frobnicate: 1 }\n", "methods[0].params.frobnicate", "frobnicate")]
    public void Bad_spec_is_one_error_and_nothing_is_written(string methods, string field, string text)
    {
        var dir = Paths.TempDir("bad");
        var spec = TinySpecs.Write(dir, "bad.yaml", "name: bad\nseeds: [0]\ntasks: [synthetic-convex]\n" + methods);
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, 1, Path.Combine(dir, "out"), Path.Combine(dir, "df2.db")), new LearningCellExecutor());
        var e = Assert.Throws<SweepSpecException>(() => run.Prepare());
        Assert.Equal(field, e.Field);
        Assert.Contains(text, e.Message);
        Assert.True(e.Line >= 4);
        Assert.False(File.Exists(Path.Combine(dir, "df2.db")));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
