using Df2.Client;
using Df2.Robust;
using Df2.Robust.Methods;
using Df2.Learning.Tasks.LlmProvisioning;
using System.Diagnostics;
using Df2.GrainInterfaces;
using Df2.Kernels;
using Df2.Learning.Running;
using Df2.Robust.Running;
using Df2.Grains;
using Df2.Silo.Core;
using Df2.Specs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Df2.Cluster.Tests;

/// <summary>
/// kill -9 of the silo running a 3D-Learning run's steps: a tiny 3dl cell (2 rounds) runs through its DroGrain on a
/// localhost df2-silo; the process is killed once two halves are checkpointed and the next step is in flight. A new
/// silo on the same state folder hands the lost step out again from the last half's checkpoint and the run finishes;
/// its regret equals an uninterrupted run's (in a df2-worker child) from the same dependency artifacts, bit for bit. The sweep runs the
/// cell's dependencies (the DFL predictor, the pre-trained DDPM) as cells of their own first; the reference loads their
/// artifacts from the silo's checkpoint folder.
/// </summary>
public class DroResumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_silo_3dl_run_resumes_from_its_last_half_with_identical_regret()
    {
        var dir = Paths.TempDir("drokill");
        var parameters = TinySpecs.DroResumeParameters();
        var clock = Stopwatch.StartNew();
        var state = Path.Combine(dir, "state");
        var gateway = FreePorts.Next();
        var prepared = SweepSubmission.Prepare($$"""
            name: dro-resume
            seeds: [5]
            defaults: { {{string.Join(", ", parameters.Select(kv => $"{kv.Key}: \"{kv.Value}\""))}} }
            tasks: [{{LlmProvisioningTask.Key}}]
            methods: [{{"3dl"}}]
            """, "dro-resume", new LearningCellExecutor());
        Assert.Equal([DflPredictorMethod.Key, DdpmPretrainMethod.Key, "3dl"], prepared.Cells.Select(c => c.Method));
        var key = "dro-resume|llm-provisioning/3dl/seed=5/data=0";
        DroView killedAt;
        clock.Restart();
        using (var first = SiloProcesses.StartLocal(state, "learning", devices: "cpu:2", gatewayPort: gateway))
        {
            using var client = await Connect(gateway);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            await grains.GetGrain<ISweepGrain>("dro-resume").SubmitAsync("dro-resume", prepared.Descriptions());
            killedAt = await Wait.Until(() => grains.GetGrain<IDroGrain>(key).ViewAsync(), v => v.FinishedHalves >= 2 && v.Running is not null || v.Status != CellStatus.Running && v.Dispatches > 0,
                TimeSpan.FromMinutes(4), "two halves checkpointed and a step in flight", () => first.Process.Output);
            Assert.Equal(CellStatus.Running, killedAt.Status);
            first.Process.Kill(); // kill -9 while a step runs
            await client.StopAsync();
        }
        output.WriteLine($"killed after {clock.Elapsed.TotalSeconds:F1} s at {killedAt.FinishedHalves} of {killedAt.TotalHalves} halves, step in flight {killedAt.Running}");
        clock.Restart();
        CellView done;
        List<CellView> dependencies;
        DroView run;
        using (var second = SiloProcesses.StartLocal(state, "learning", devices: "cpu:2", gatewayPort: gateway))
        {
            using var client = await Connect(gateway);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var sweep = grains.GetGrain<ISweepGrain>("dro-resume");
            done = await Wait.Until(async () => (await sweep.AllCellsAsync(refresh: true)).Single(c => c.Method == "3dl"), c => c.Finished,
                TimeSpan.FromMinutes(4), "3dl cell finished", () => second.Process.Output);
            run = await grains.GetGrain<IDroGrain>(key).ViewAsync();
            dependencies = (await sweep.AllCellsAsync(refresh: true)).Where(c => c.Method != "3dl").ToList();
            await client.StopAsync();
        }
        output.WriteLine($"resumed run finished in {clock.Elapsed.TotalSeconds:F1} s: {run.Dispatches} steps handed out, {run.Redispatches} again; " +
                         $"regret {done.Result?.Regret:R}");

        // The reference: the same 3D-L run uninterrupted in a df2-worker child (ReferenceRuns), from the dependency artifacts the sweep stored
        // (what is tested is the resume of the 3dl cell's halves, so the dependencies are not trained twice).
        // Same threads as each of the silos' two cpu slots (TorchThreads.PerSlot(2), set in each slot's df2-worker): one libtorch thread
        // on 2 cores, which also keeps a contended CI machine from stalling at libtorch's barriers.
        Assert.All(dependencies, d => Assert.Equal((CellStatus.Done, 1), (d.Status, d.Completions)));
        var store = new FolderCheckpointStore(Path.Combine(state, "checkpoints"));
        clock.Restart();
        var request = new CellRequest(LlmProvisioningTask.Key, "3dl", parameters, 5, 0)
        {
            Inputs = dependencies.ToDictionary(d => d.Method, d => store.Load(d.Result!.Artifact!)),
        };
        var uninterrupted = ReferenceRuns.InChild(request, TorchThreads.PerSlot(2));
        output.WriteLine($"uninterrupted: {clock.Elapsed.TotalSeconds:F1} s, regret {uninterrupted.Regret:R}; " +
                         string.Join(", ", uninterrupted.Extra.Where(kv => kv.Key.StartsWith("seconds_", StringComparison.Ordinal)).Select(kv => $"{kv.Key} {kv.Value:F1}")));

        Assert.True(done.Status == CellStatus.Done, done.Reason);
        Assert.Equal((1, 1, 0), (done.Attempt, done.Completions, done.DuplicateCompletions));
        Assert.Equal((CellStatus.Done, 4, 4), (run.Status, run.FinishedHalves, run.TotalHalves));
        // Every step ran once, except at most the one in flight at the kill: the run resumed, it did not start over.
        Assert.InRange(run.Redispatches, 0, 1);
        Assert.Equal(run.TotalHalves + 1 + run.Redispatches, run.Dispatches);
        Assert.Equal(uninterrupted.Regret, done.Result!.Regret);
        Assert.Equal(uninterrupted.Extra["alpha_final"], done.Result.Extra["alpha_final"]);
        Assert.Equal(uninterrupted.Extra["regret_23V-test"], done.Result.Extra["regret_23V-test"]);
    }

    private static Task<IHost> Connect(int gateway) => ClusterClients.ConnectAsync(new ClusterSettings { GatewayPort = gateway });
}
