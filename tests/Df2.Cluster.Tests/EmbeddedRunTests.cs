using Df2.Client;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Core;
using Df2.Specs;

namespace Df2.Cluster.Tests;

/// <summary><c>df2 run</c>'s in-process silo: real cells, outputs, resume after Ctrl-C and after kill -9, NaN failure, malformed specs.</summary>
public class EmbeddedRunTests
{
    private static async Task<EmbeddedRunResult> Run(string spec, string dir, string executor = "learning", int workers = 2,
        CancellationToken cancel = default)
    {
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, workers, Path.Combine(dir, "out"), Executor: executor));
        return await run.RunAsync(run.Prepare(), null, cancel);
    }

    [Fact]
    public async Task Real_cells_run_write_outputs_and_rerun_skips_finished()
    {
        var dir = Paths.TempDir("embedded");
        var spec = TinySpecs.Write(dir, "tiny.yaml", TinySpecs.Real);
        var first = await Run(spec, dir);
        Assert.Equal((6, 6, 0), (first.Total, first.Done, first.Failed));
        var csv = File.ReadAllLines(Path.Combine(dir, "out", "results.csv"));
        Assert.Equal(ResultsCsv.Header, csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.All(first.Cells, c => Assert.True(double.IsFinite(c.Result!.Regret) && c.Result.LowerBound is not null));
        Assert.All(first.Cells, c => Assert.Equal(c.Result!.Epochs, c.Losses.Length));
        var metrics = File.ReadAllLines(Path.Combine(dir, "out", "metrics.csv"));
        Assert.Equal(MetricsCsv.Header, metrics[0]);
        Assert.Equal(first.Cells.Sum(c => c.Result!.Extra.Count), metrics.Length - 1);
        Assert.Contains(metrics, l => l.Contains(",resumed_from_epoch,0"));
        var table = File.ReadAllText(Path.Combine(dir, "out", "table.md"));
        Assert.Contains("| df2 |", table);
        Assert.Contains("(n=2)", table);

        var second = await Run(spec, dir);
        Assert.Equal(6, second.SkippedAlreadyFinished);
        Assert.Equal(csv, File.ReadAllLines(Path.Combine(dir, "out", "results.csv")));
    }

    [Fact]
    public async Task The_outputs_are_written_while_the_sweep_runs()
    {
        var dir = Paths.TempDir("partial");
        var spec = TinySpecs.Write(dir, "spin.yaml", TinySpecs.Spin("partial", cells: 3, epochs: 4, spinMs: 300));
        var results = Path.Combine(dir, "out", "results.csv");
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, 1, Path.Combine(dir, "out"), Executor: "spin", OutputPeriod: TimeSpan.FromMilliseconds(200)));
        var task = run.RunAsync(run.Prepare(), null, CancellationToken.None);
        var partial = await Wait.Until(() => Task.FromResult(File.Exists(results) ? File.ReadAllLines(results) : []), l => l.Length > 0,
            TimeSpan.FromSeconds(60), "results.csv before the end");
        Assert.False(task.IsCompleted, "the sweep had ended when results.csv first appeared");
        var done = partial.Count(l => l.Contains(",done,", StringComparison.Ordinal));
        Assert.InRange(done, 1, 2);
        Assert.Equal(4, partial.Length);   // header + every cell, the unfinished ones with their status
        Assert.Equal(3, (await task).Done);
        Assert.Equal(3, File.ReadAllLines(results).Count(l => l.Contains(",done,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Nan_loss_fails_that_cell_with_the_reason_and_the_worker_goes_on()
    {
        var dir = Paths.TempDir("nan");
        var r = await Run(TinySpecs.Write(dir, "nan.yaml", TinySpecs.Nan), dir, workers: 1);
        var failed = Assert.Single(r.Cells, c => c.Status == CellStatus.Failed);
        Assert.Equal("two-stage-pe", failed.Method);
        Assert.Matches(@"^loss became (NaN|-?Infinity) in epoch \d+ \(", failed.Reason); // the first non-finite batch loss
        Assert.Equal(1, failed.Attempt); // permanent: not retried
        Assert.Equal(CellStatus.Done, r.Cells.Single(c => c.Method == "policy-net").Status);
        Assert.Contains(",failed,", File.ReadAllText(Path.Combine(dir, "out", "results.csv")));
    }

    [Fact]
    public async Task Ctrl_c_drains_and_the_rerun_resumes_from_the_last_epoch_checkpoint()
    {
        var dir = Paths.TempDir("drain");
        var spec = TinySpecs.Write(dir, "spin.yaml", TinySpecs.Spin("drain", cells: 3, epochs: 6, spinMs: 150));
        using var cts = new CancellationTokenSource();
        var checkpoints = Path.Combine(dir, "out", ".df2", "checkpoints");
        var watcher = Task.Run(async () =>
        {
            while (!(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "a1-e2.ckpt", SearchOption.AllDirectories).Any()))
                await Task.Delay(20);
            cts.Cancel(); // Ctrl-C once a cell has checkpointed epoch 2
        });
        var interrupted = await Run(spec, dir, "spin", workers: 2, cts.Token);
        await watcher;
        Assert.True(interrupted.Done < 3);
        Assert.Contains(interrupted.Cells, c => c.Status == CellStatus.Pending && c.Checkpoint?.Epoch >= 2 && c.Reason!.Contains("drained"));
        var final = await Run(spec, dir, "spin", workers: 2);
        Assert.Equal(3, final.Done);
        Assert.Contains(final.Cells, c => c.Result!.Extra["resumed_from_epoch"] >= 2);
        Assert.All(final.Cells, c => Assert.Equal((1, 0), (c.Completions, c.DuplicateCompletions)));
    }

    [Fact]
    public async Task Killed_run_resumes_its_cells_from_their_checkpoints()
    {
        var dir = Paths.TempDir("kill");
        var spec = TinySpecs.Write(dir, "spin.yaml", TinySpecs.Spin("kill", cells: 2, epochs: 20, spinMs: 200));
        var checkpoints = Path.Combine(dir, "out", ".df2", "checkpoints");
        // The epoch-e file is written before the cell grain persists its reference, and epoch e+1 is only saved after
        // that write returned; so a file of epoch >= 4 proves the persisted checkpoint is at least epoch 3. Older files
        // are pruned as new ones land, so wait for any of epochs 4..15 (not one file that lives 0.4 s).
        bool MidCell() => Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "a1-e*.ckpt", SearchOption.AllDirectories)
            .Any(f => int.TryParse(Path.GetFileNameWithoutExtension(f)["a1-e".Length..], out var e) && e is >= 4 and <= 15);
        using (var p = new ChildProcess(Paths.ClientDll, null, "run", spec, "--workers", "2", "--executor", "spin", "--out", Path.Combine(dir, "out")))
        {
            await Wait.Until(() => Task.FromResult(MidCell()), x => x, TimeSpan.FromSeconds(60), "a checkpoint of epoch 4..15", () => p.Output);
            p.Kill(); // kill -9 mid-cell
        }
        var final = await Run(spec, dir, "spin");
        Assert.Equal(2, final.Done);
        var resumed = final.Cells.Where(c => c.Result!.Extra["resumed_from_epoch"] >= 3).ToList();
        Assert.NotEmpty(resumed);
        Assert.All(resumed, c => Assert.Equal(2, c.Attempt));
        Assert.All(final.Cells, c => Assert.Equal((1, 0), (c.Completions, c.DuplicateCompletions)));
    }

    [Fact]
    public async Task Killed_run_resumes_behind_its_finished_dependency_without_recomputing_it()
    {
        var dir = Paths.TempDir("depkill");
        var spec = TinySpecs.Write(dir, "deps.yaml", TinySpecs.SpinWithDependency("depkill", epochs: 20, spinMs: 200));
        var prepared = SweepSubmission.PrepareFile(spec, new SpinCellExecutor());
        var dependencyKey = prepared.Cells[0].Key;
        var checkpoints = Path.Combine(dir, "out", ".df2", "checkpoints");
        var dependencyFolder = Path.Combine(checkpoints, CheckpointNames.CellFolder(prepared.SweepId, dependencyKey));
        // The dependency has 3 epochs, so a checkpoint of epoch 4..15 is a dependent's, mid-cell (see the kill test above).
        bool MidDependent() => Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "a1-e*.ckpt", SearchOption.AllDirectories)
            .Any(f => int.TryParse(Path.GetFileNameWithoutExtension(f)["a1-e".Length..], out var e) && e is >= 4 and <= 15);
        using (var p = new ChildProcess(Paths.ClientDll, null, "run", spec, "--workers", "2", "--executor", "spin", "--out", Path.Combine(dir, "out")))
        {
            await Wait.Until(() => Task.FromResult(MidDependent()), x => x, TimeSpan.FromSeconds(60), "a dependent's checkpoint of epoch 4..15", () => p.Output);
            p.Kill(); // kill -9 while the dependents run
        }
        Assert.True(File.Exists(Path.Combine(dependencyFolder, "artifact.safetensors")));
        var final = await Run(spec, dir, "spin");
        Assert.Equal((3, 3), (final.Total, final.Done));
        var dependency = final.Cells.Single(c => c.Key == dependencyKey);
        Assert.Equal((1, 1, 0.0), (dependency.Attempt, dependency.Completions, dependency.Result!.Extra["resumed_from_epoch"]));   // not recomputed
        var dependents = final.Cells.Where(c => c.Key != dependencyKey).ToList();
        Assert.All(dependents, c => Assert.Equal("spin artifact shared".Length, c.Result!.Extra["dependency_bytes"]));
        Assert.Contains(dependents, c => c.Attempt == 2 && c.Result!.Extra["resumed_from_epoch"] >= 3);
        var csv = File.ReadAllLines(Path.Combine(dir, "out", "results.csv"));
        Assert.StartsWith("spin-task,spin-dep,\"artifact=shared,epochs=3,spin_ms=100\",0,0,done,,", csv[1]);   // no regret for a dependency
        Assert.DoesNotContain("| spin-dep", File.ReadAllText(Path.Combine(dir, "out", "table.md")));
    }

    [Theory]
    [InlineData("methods:\n  - name: df2\n  - nope\n", "methods[1]", "unknown method 'nope'")]
    [InlineData("methods:\n  - name: df2\n    params: { S: -3 }\n", "methods[0].params.S", "'S'")]
    [InlineData("methods:\n  - name: df2\n    params: { frobnicate: 1 }\n", "methods[0].params.frobnicate", "frobnicate")]
    public void Bad_spec_is_one_error_and_nothing_is_written(string methods, string field, string text)
    {
        var dir = Paths.TempDir("bad");
        var spec = TinySpecs.Write(dir, "bad.yaml", "name: bad\nseeds: [0]\ntasks: [synthetic-convex]\n" + methods);
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, 1, Path.Combine(dir, "out")));
        var e = Assert.Throws<SweepSpecException>(() => run.Prepare());
        Assert.Equal(field, e.Field);
        Assert.Contains(text, e.Message);
        Assert.True(e.Line >= 4);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
