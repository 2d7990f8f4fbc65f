using Df2.GrainInterfaces;
using Df2.Learning.RealWorld.Running;
using Df2.Learning.Running;
using Df2.Silo;
using Xunit.Abstractions;

namespace Df2.Cluster.Tests;

/// <summary>
/// The cluster path resumes real-world cells: a worker training a wind so-ebm cell is killed (-9) after its
/// checkpoint of epoch ≥ 3 (inside the so-ebm phase, whose Gumbel / normal generator state travels in the
/// checkpoint); the next worker resumes from the stored checkpoint and finishes with the regret of an
/// uninterrupted in-process run, bit for bit.
/// </summary>
public class RealWorldResumeTests(ITestOutputHelper output)
{
    private sealed class NoCheckpoints : ICheckpointSink
    {
        public void Save(int epoch, byte[] state) { }
        public (int Epoch, byte[] State)? Load() => null;
    }

    [Fact]
    public async Task Killed_worker_wind_cell_resumes_from_its_checkpoint_with_identical_regret()
    {
        var dir = Paths.TempDir("rwkill");
        var port = Silo.FreePort();
        using var api = Silo.StartApi(Path.Combine(dir, "silo.db"), port, "learning", leaseSeconds: 2);
        using var client = new ApiClient($"http://127.0.0.1:{port}", Silo.Token);
        var sweep = await client.SubmitAsync(new SubmitRequest(TinySpecs.WindResume()));
        var w0 = Silo.StartWorker(port, "w0", "learning", heartbeatMs: 200);
        CellView cell;
        try
        {
            var until = DateTime.UtcNow.AddSeconds(60);
            do
            {
                await Task.Delay(50);
                cell = (await client.CellsAsync(sweep.SweepId)).Single();
            } while (cell.CheckpointEpoch is null or < 3 && cell.State is "pending" or "leased" or "running" && DateTime.UtcNow < until);
            Assert.True(cell.State is "leased" or "running" && cell.CheckpointEpoch >= 3, $"cell {cell.State} at checkpoint {cell.CheckpointEpoch}:\n{w0.Output}");
            w0.Kill(); // kill -9 between checkpoints
        }
        finally
        {
            w0.Dispose();
        }
        var killedAt = (await client.CellsAsync(sweep.SweepId)).Single(); // the store's last checkpoint of the killed attempt
        using var w1 = Silo.StartWorker(port, "w1", "learning", heartbeatMs: 200);
        var done = (await ClusterHarness.WaitForSweep(client, sweep.SweepId, TimeSpan.FromSeconds(90), () => w1.Output)).Single();
        Assert.Equal("done", done.State);
        Assert.Equal(2, done.Attempt);
        var resumedFrom = done.Result!.Extra["resumed_from_epoch"];
        Assert.Equal(killedAt.CheckpointEpoch, (int)resumedFrom);

        var uninterrupted = RealWorldRunner.Run(new CellRequest("wind", "so-ebm", TinySpecs.WindResumeParameters, 3, 0),
            new NoCheckpoints(), _ => { }, CancellationToken.None);
        output.WriteLine($"killed at checkpoint {killedAt.CheckpointEpoch} (epoch s {killedAt.EpochSeconds:F3}), resumed from {resumedFrom}: " +
                         $"regret {done.Result.Regret:R}, uninterrupted {uninterrupted.Regret:R}");
        Assert.Equal(uninterrupted.Regret, done.Result.Regret);
        Assert.Equal(uninterrupted.Extra["test_cost"], done.Result.Extra["test_cost"]);
        Assert.Contains("epoch_s_pretrain", done.Result.Extra.Keys); // the pre-training epochs ran on w0; their times came with the checkpoint
    }
}
