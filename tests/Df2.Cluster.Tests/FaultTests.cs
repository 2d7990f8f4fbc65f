using Df2.GrainInterfaces;
using Df2.Silo;
using Xunit.Abstractions;

namespace Df2.Cluster.Tests;

/// <summary>
/// Fault tests with real processes on loopback: kill -9 workers mid-cell (seeded random timing),
/// kill and restart the API mid-sweep, drain a worker with SIGTERM. Invariant: every cell finishes
/// exactly once (one accepted completion per cell), none is lost.
/// </summary>
public class FaultTests(ITestOutputHelper output)
{
    [Theory, InlineData(1), InlineData(2), InlineData(3)]
    public Task Sqlite_workers_killed_mid_cell_every_cell_finishes_exactly_once(int seed) => KillWorkers("sqlite", seed);

    [PgTheory, InlineData(4), InlineData(5)]
    public Task Postgres_workers_killed_mid_cell_every_cell_finishes_exactly_once(int seed) => KillWorkers("postgres", seed);
    [Fact] public Task Sqlite_api_killed_and_restarted_mid_sweep_loses_nothing() => KillApi("sqlite");
    [PgFact] public Task Postgres_api_killed_and_restarted_mid_sweep_loses_nothing() => KillApi("postgres");

    private async Task KillWorkers(string kind, int seed)
    {
        var dir = Paths.TempDir("killw");
        var (store, db) = ClusterHarness.NewStore(kind, dir);
        using var _ = db;
        var port = Silo.FreePort();
        using var api = Silo.StartApi(store, port, "spin", leaseSeconds: 2);
        using var client = new ApiClient($"http://127.0.0.1:{port}", Silo.Token);
        var sweep = await client.SubmitAsync(new SubmitRequest(TinySpecs.Spin("killw", cells: 16, epochs: 4, spinMs: 150)));
        var names = new List<string> { "w0", "w1" };
        var workers = new List<ChildProcess> { Silo.StartWorker(port, "w0", "spin"), Silo.StartWorker(port, "w1", "spin") };
        var rng = new Random(seed);
        int kills = 0, next = 2;
        try
        {
            for (var round = 0; round < 6; round++)
            {
                await Task.Delay(400 + rng.Next(800));
                // the victim: a worker holding a cell right now (mid-cell), chosen by the seeded generator
                var busy = (await client.WorkersAsync()).Where(w => w.CellId is not null).Select(w => names.IndexOf(w.Worker)).Where(i => i >= 0).ToList();
                var victim = busy.Count > 0 ? busy[rng.Next(busy.Count)] : rng.Next(workers.Count);
                workers[victim].Kill(); // kill -9, mid-epoch
                kills++;
                workers[victim].Dispose();
                names[victim] = $"w{next++}";
                workers[victim] = Silo.StartWorker(port, names[victim], "spin");
            }
            var cells = await ClusterHarness.WaitForSweep(client, sweep.SweepId, TimeSpan.FromSeconds(120), () => api.Output);
            var counts = await client.CompletionCountsAsync(sweep.SweepId);
            var lost = cells.Count(c => c.State != "done");
            var duplicates = counts.Values.Sum(n => Math.Max(0, n - 1));
            var rerun = cells.Count(c => c.Attempt > 1);
            var resumed = cells.Count(c => c.Result?.Extra.GetValueOrDefault("resumed_from_epoch") > 0);
            var line = $"{kind} kill-worker seed={seed}: kills={kills} cells={cells.Count} lost={lost} duplicates={duplicates} re-leased={rerun} resumed-from-checkpoint={resumed}";
            output.WriteLine(line);
            ClusterHarness.Audit(line);
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicates);
            Assert.All(counts.Values, n => Assert.Equal(1, n));
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }
    }

    private async Task KillApi(string kind)
    {
        var dir = Paths.TempDir("killapi");
        var (store, db) = ClusterHarness.NewStore(kind, dir);
        using var _ = db;
        var port = Silo.FreePort();
        var api = Silo.StartApi(store, port, "spin", leaseSeconds: 2);
        using var client = new ApiClient($"http://127.0.0.1:{port}", Silo.Token);
        var sweep = await client.SubmitAsync(new SubmitRequest(TinySpecs.Spin("killapi", cells: 12, epochs: 3, spinMs: 200)));
        using var w0 = Silo.StartWorker(port, "w0", "spin");
        using var w1 = Silo.StartWorker(port, "w1", "spin");
        try
        {
            await Task.Delay(1200);
            api.Kill();
            api.Dispose();
            await Task.Delay(1500);
            api = Silo.StartApi(store, port, "spin", leaseSeconds: 2);
            var cells = await ClusterHarness.WaitForSweep(client, sweep.SweepId, TimeSpan.FromSeconds(120), () => w0.Output + w1.Output);
            var counts = await client.CompletionCountsAsync(sweep.SweepId);
            var lost = cells.Count(c => c.State != "done");
            var duplicates = counts.Values.Sum(n => Math.Max(0, n - 1));
            var line = $"{kind} kill-api: api-kills=1 cells={cells.Count} lost={lost} duplicates={duplicates}";
            output.WriteLine(line);
            ClusterHarness.Audit(line);
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicates);
        }
        finally
        {
            api.Dispose();
        }
    }

    [Fact]
    public async Task Sigterm_drains_the_worker_and_the_cell_resumes_elsewhere()
    {
        var dir = Paths.TempDir("drain");
        var port = Silo.FreePort();
        using var api = Silo.StartApi(Path.Combine(dir, "silo.db"), port, "spin", leaseSeconds: 30);
        using var client = new ApiClient($"http://127.0.0.1:{port}", Silo.Token);
        var sweep = await client.SubmitAsync(new SubmitRequest(TinySpecs.Spin("drain", cells: 1, epochs: 6, spinMs: 300)));
        using var w0 = Silo.StartWorker(port, "w0", "spin", heartbeatMs: 200);
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await client.CellsAsync(sweep.SweepId)).Single().Epoch is null or < 2 && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.True(w0.Terminate(TimeSpan.FromSeconds(10)), "worker exits after SIGTERM");
        var cell = (await client.CellsAsync(sweep.SweepId)).Single();
        Assert.Equal("pending", cell.State); // lease returned at once, not left to expire
        Assert.True(cell.CheckpointEpoch >= 2);
        Assert.Contains("draining", w0.Output);
        using var w1 = Silo.StartWorker(port, "w1", "spin");
        var done = (await ClusterHarness.WaitForSweep(client, sweep.SweepId, TimeSpan.FromSeconds(60))).Single();
        Assert.Equal("done", done.State);
        Assert.True(done.Result!.Extra["resumed_from_epoch"] >= 2);
    }
}
