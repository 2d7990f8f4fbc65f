using Df2.GrainInterfaces;
using Df2.Kernels;
using Df2.Learning.Running;
using Df2.Silo.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Df2.Cluster.Tests;

/// <summary>
/// kill -9 of the silo training a real-world cell: a wind so-ebm cell runs on a localhost df2-silo; the process is
/// killed after the cell's checkpoint of epoch ≥ 3 (inside the so-ebm phase, whose generator state travels in the
/// checkpoint). A new silo on the same state folder finds the cell on a silo that is gone, returns it to Pending and
/// resumes it from the stored checkpoint; the regret equals an uninterrupted in-process run's, bit for bit.
/// </summary>
public class RealWorldResumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_silo_wind_cell_resumes_from_its_checkpoint_with_identical_regret()
    {
        var dir = Paths.TempDir("rwkill");
        var state = Path.Combine(dir, "state");
        var gateway = FreePorts.Next();
        var description = new CellDescription("wind/so-ebm/seed=3/data=0", "wind", "so-ebm", "", new(TinySpecs.WindResumeParameters), 3, 0);
        CellView killedAt;
        using (var first = SiloProcesses.StartLocal(state, "learning", devices: "cpu:1", gatewayPort: gateway))
        {
            using var client = await Connect(gateway);
            var sweep = client.Services.GetRequiredService<IClusterClient>().GetGrain<ISweepGrain>("wind-resume");
            await sweep.SubmitAsync("wind-resume", [description]);
            killedAt = await Wait.Until(async () => (await sweep.AllCellsAsync(refresh: true)).Single(), c => c.Checkpoint?.Epoch >= 3 || c.Finished,
                TimeSpan.FromSeconds(90), "checkpoint of epoch 3", () => first.Process.Output);
            Assert.Equal(CellStatus.Running, killedAt.Status);
            first.Process.Kill(); // kill -9 between checkpoints
            await client.StopAsync();
        }
        CellView done;
        var resume = System.Diagnostics.Stopwatch.StartNew();
        using (var second = SiloProcesses.StartLocal(state, "learning", devices: "cpu:1", gatewayPort: gateway))
        {
            using var client = await Connect(gateway);
            var sweep = client.Services.GetRequiredService<IClusterClient>().GetGrain<ISweepGrain>("wind-resume");
            // 240 s: the new silo, the dead one's detection, a df2-worker start and 9 epochs (36 s alone at load average 20 on
            // 2 cores); two full-project runs at load 17-29 ran past the 120 s this wait had before
            done = await Wait.Until(async () => (await sweep.AllCellsAsync(refresh: true)).Single(), c => c.Finished,
                TimeSpan.FromSeconds(240), "cell finished", () => second.Process.Output);
            await client.StopAsync();
        }
        output.WriteLine($"second silo start to the cell's end: {resume.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal((CellStatus.Done, 2, 1, 0), (done.Status, done.Attempt, done.Completions, done.DuplicateCompletions));
        var resumedFrom = (int)done.Result!.Extra["resumed_from_epoch"];
        Assert.True(resumedFrom >= killedAt.Checkpoint!.Epoch, $"resumed from {resumedFrom}, killed at checkpoint {killedAt.Checkpoint.Epoch}");

        // Same threads as the silo's one cpu slot (TorchThreads.PerSlot(1)): libtorch's sums depend on the thread count.
        var uninterrupted = ReferenceRuns.InChild(new CellRequest("wind", "so-ebm", TinySpecs.WindResumeParameters, 3, 0),
            TorchThreads.PerSlot(1));
        output.WriteLine($"killed at checkpoint {killedAt.Checkpoint.Epoch}, resumed from {resumedFrom}: regret {done.Result.Regret:R}, uninterrupted {uninterrupted.Regret:R}");
        Assert.Equal(uninterrupted.Regret, done.Result.Regret);
        Assert.Equal(uninterrupted.Extra["test_cost"], done.Result.Extra["test_cost"]);
    }

    private static Task<IHost> Connect(int gateway) => ClusterClients.ConnectAsync(new ClusterSettings { GatewayPort = gateway });
}
