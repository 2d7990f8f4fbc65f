using System.Diagnostics;
using Df2.GrainInterfaces;
using Xunit.Abstractions;

namespace Df2.Cluster.Tests;

/// <summary>The grains in an in-process two-silo test cluster, with the documented "spin" cells (they sleep, never train).</summary>
[Collection(GrainCollection.Name)]
public class GrainTests(GrainClusterFixture fx, ITestOutputHelper output)
{
    private static List<CellDescription> Spin(string prefix, int cells, int epochs, int spinMs, Dictionary<string, string>? extra = null) =>
        Enumerable.Range(0, cells).Select(i =>
        {
            var p = new Dictionary<string, string> { ["epochs"] = epochs.ToString(), ["spin_ms"] = spinMs.ToString() };
            foreach (var (k, v) in extra ?? []) p[k] = v;
            return new CellDescription($"{prefix}/spin/seed={i}/data=0", prefix, "spin", "", p, i, 0);
        }).ToList();

    private async Task<List<CellView>> Finish(ISweepGrain sweep, TimeSpan timeout) =>
        await Wait.Until(() => sweep.AllCellsAsync(refresh: true), cells => cells.All(c => c.Finished), timeout, "sweep finished");

    [Fact]
    public async Task Sweep_on_two_silos_finishes_every_cell_exactly_once()
    {
        var sweep = fx.Grains.GetGrain<ISweepGrain>("grains-twosilos");
        var submitted = await sweep.SubmitAsync("twosilos", Spin("t", 12, 3, 40));
        Assert.Equal((12, false), (submitted.Cells, submitted.Existing));
        Assert.True((await sweep.SubmitAsync("twosilos", Spin("t", 12, 3, 40))).Existing);
        var cells = await Finish(sweep, TimeSpan.FromSeconds(50));
        Assert.All(cells, c => Assert.Equal((CellStatus.Done, 1, 0, 1), (c.Status, c.Completions, c.DuplicateCompletions, c.Attempt)));
        Assert.All(cells, c => Assert.Equal([1.0, 0.5, 1.0 / 3], c.Losses));
        Assert.True(cells.Select(c => c.Silo).Distinct().Count() >= 2, "both silos' workers ran cells");
        Assert.Contains("| spin | 0 ± 0 (n=12) |", await sweep.TableAsync(TableFormat.Markdown));
        Assert.Equal("finished", (await sweep.StatusAsync())!.State);
    }

    [Fact]
    public async Task Nan_cell_fails_once_with_its_reason_and_the_worker_goes_on()
    {
        var sweep = fx.Grains.GetGrain<ISweepGrain>("grains-nan");
        var cells = Spin("nan", 1, 2, 10, new() { ["fail"] = "nan" }).Concat(Spin("ok", 2, 2, 10)).ToList();
        await sweep.SubmitAsync("nan", cells);
        var done = await Finish(sweep, TimeSpan.FromSeconds(30));
        var failed = Assert.Single(done, c => c.Status == CellStatus.Failed);
        Assert.Equal("loss became NaN at epoch 1", failed.Reason);
        Assert.Equal(1, failed.Attempt);
        Assert.Equal(2, done.Count(c => c.Status == CellStatus.Done));
    }

    [Fact]
    public async Task Cell_state_machine_refuses_stale_attempts_and_accepts_one_completion()
    {
        var cell = fx.Grains.GetGrain<ICellGrain>("grains-sm|m/spin/seed=0/data=0");
        var description = Spin("m", 1, 2, 0)[0];
        await cell.InitAsync("grains-sm", description);
        await cell.InitAsync("grains-sm", description with { Seed = 99 });
        const string silo = "S127.0.0.1:1:1";
        var first = await cell.StartAsync("w1", "cpu", silo);
        Assert.Equal(1, first!.Attempt);
        Assert.Null(await cell.StartAsync("w2", "cpu", silo));
        Assert.True(await cell.ReportEpochAsync(1, new EpochProgress(1, 2, 0.5, 0.1), new CheckpointRef(1, "x/a1-e1.ckpt")));
        Assert.False(await cell.RecoverAsync("S127.0.0.1:2:2"));
        Assert.True(await cell.RecoverAsync(silo));
        var second = await cell.StartAsync("w2", "cpu", "S127.0.0.1:3:3");
        Assert.Equal((2, 1), (second!.Attempt, second.Checkpoint!.Epoch));
        var resumed = await cell.ViewAsync();
        Assert.Equal((1, 0.5), (resumed.Progress!.Epoch, resumed.Progress.Loss));   // shows the epoch it resumes from, with its loss
        Assert.False(await cell.ReportEpochAsync(1, new EpochProgress(2, 2, 0.4, 0.1), null));
        var result = new CellResult(1.5, null, null, 2, 0.2, []);
        Assert.False((await cell.CompleteAsync(1, "w1", result)).Accepted);
        Assert.Equal(new Ack(true), await cell.CompleteAsync(2, "w2", result));
        Assert.Equal(new Ack(true, Duplicate: true), await cell.CompleteAsync(2, "w2", result));
        var view = await cell.ViewAsync();
        Assert.Equal((CellStatus.Done, 1, 1, 0), (view.Status, view.Completions, view.DuplicateCompletions, view.Seed));
    }

    [Fact]
    public async Task Worker_grain_answers_while_its_cell_trains_and_drain_releases_the_cell_with_its_checkpoint()
    {
        var sweep = fx.Grains.GetGrain<ISweepGrain>("grains-drain");
        await sweep.SubmitAsync("drain", Spin("d", 1, 8, 300));
        var running = await Wait.Until(async () => (await sweep.AllCellsAsync(refresh: true)).Single(), c => c.Progress?.Epoch >= 2,
            TimeSpan.FromSeconds(30), "cell at epoch 2");
        var worker = fx.Grains.GetGrain<IWorkerGrain>(running.Worker!);
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            var view = await worker.ViewAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(running.Key, view.CellKey);
        }
        times.Sort();
        output.WriteLine($"worker ViewAsync while training: median {times[10]:F2} ms, max {times[^1]:F2} ms");
        Assert.True(times[10] < 50, $"median {times[10]} ms");

        await worker.DrainAsync();
        var released = await Wait.Until(async () => (await sweep.AllCellsAsync(refresh: true)).Single(),
            c => c.Status != CellStatus.Running || c.Worker != running.Worker, TimeSpan.FromSeconds(10), "cell released");
        Assert.Contains("drained", released.Reason ?? (await sweep.AllCellsAsync(refresh: true)).Single().Reason);
        await worker.StartAsync(new WorkerSettings("cpu", running.Silo!, 50, null));
        var done = (await Finish(sweep, TimeSpan.FromSeconds(30))).Single();
        Assert.Equal(Enumerable.Range(1, 8).Select(e => 1.0 / e), done.Losses);   // the resumed cell kept its whole loss history
        Assert.Equal((CellStatus.Done, 2), (done.Status, done.Attempt));
        Assert.True(done.Result!.Extra["resumed_from_epoch"] >= 2);
        Assert.Equal(1, done.Completions);
    }

    [Fact]
    public async Task Cancel_stops_every_unfinished_cell()
    {
        var sweep = fx.Grains.GetGrain<ISweepGrain>("grains-cancel");
        await sweep.SubmitAsync("cancel", Spin("c", 6, 20, 100));
        await Wait.Until(() => sweep.StatusAsync(), s => s!.Counts["running"] > 0, TimeSpan.FromSeconds(20), "a cell running");
        var n = await sweep.CancelAsync("the test");
        Assert.Equal(6, n);
        var cells = await sweep.AllCellsAsync(refresh: true);
        Assert.All(cells, c => Assert.Equal(CellStatus.Cancelled, c.Status));
        Assert.All(cells, c => Assert.StartsWith("cancelled by the test at ", c.Reason));
        Assert.Equal(0, await sweep.CancelAsync("the test"));
        await Task.Delay(500); // the cancelled cells' workers see their reports refused and stop
        Assert.All(await sweep.AllCellsAsync(refresh: true), c => Assert.Equal(CellStatus.Cancelled, c.Status));
        Assert.Equal(-1, await fx.Grains.GetGrain<ISweepGrain>("grains-none").CancelAsync("the test"));
        Assert.Null(await fx.Grains.GetGrain<ISweepGrain>("grains-none").StatusAsync());
    }

    [Fact]
    public async Task Cancelling_a_finished_sweep_leaves_it_finished()
    {
        var sweep = fx.Grains.GetGrain<ISweepGrain>("grains-cancel-finished");
        await sweep.SubmitAsync("cancel-finished", Spin("f", 2, 1, 0));
        var cells = await Finish(sweep, TimeSpan.FromSeconds(30));
        Assert.All(cells, c => Assert.Equal(CellStatus.Done, c.Status));
        Assert.Equal(0, await sweep.CancelAsync("the test"));
        var status = await sweep.StatusAsync();
        Assert.Equal(("finished", false), (status!.State, status.Cancelled));
        Assert.All(await sweep.AllCellsAsync(refresh: true), c => Assert.Equal((CellStatus.Done, (string?)null), (c.Status, c.Reason)));
    }
}
