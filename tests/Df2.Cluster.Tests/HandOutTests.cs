using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Df2.Cluster.Tests;

/// <summary>
/// The push hand-out on a one-silo test cluster whose two "spin" slots look for work on their own only every ten minutes
/// (the backstop): an idle slot that found nothing waits in the cluster index and is woken when a cell becomes ready — a
/// sweep is submitted, a dependency finishes, a drained worker releases its cell. Each test asserts that the cell is handed
/// out and completes before the test's timeout, far below the backstop; never how fast.
/// </summary>
public class HandOutTests(HandOutTests.Fixture fx) : IClassFixture<HandOutTests.Fixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed class Fixture() : TestClusterFixture<Fixture.Configurator>(1)
    {
        public static readonly string Checkpoints = Paths.TempDir("handout-ckpt");

        public string Silo => Cluster.Primary!.SiloAddress.ToParsableString();

        public ICheckpointStore Store => ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services.GetRequiredService<ICheckpointStore>();

        public sealed class Configurator : ISiloConfigurator
        {
            public void Configure(ISiloBuilder silo)
            {
                silo.AddMemoryGrainStorage(StorageNames.Store);
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<ICheckpointStore>(new FolderCheckpointStore(Checkpoints));
                SiloSetup.ConfigureCommon(silo, new ClusterSettings { Devices = ["cpu", "cpu"], Executor = "spin", Backstop = TimeSpan.FromMinutes(10) });
            }
        }
    }

    private static CellDescription Spin(string key, int epochs, int spinMs, Dictionary<string, string>? extra = null)
    {
        var p = new Dictionary<string, string> { ["epochs"] = epochs.ToString(), ["spin_ms"] = spinMs.ToString() };
        foreach (var (k, v) in extra ?? []) p[k] = v;
        return new CellDescription(key, "t", "spin", "", p, 0, 0);
    }

    /// <summary>Both slots have looked for work once (each reports itself after its first look) and wait.</summary>
    private async Task<List<WorkerView>> SlotsWaiting() =>
        await Wait.Until(() => fx.Grains.GetGrain<IClusterIndexGrain>(0).WorkersAsync(), w => w.Count == 2 && w.All(x => x.CellKey is null && !x.Draining),
            Timeout, "both slots idle");

    private async Task<CellView> Done(ISweepGrain sweep, string key) =>
        (await Wait.Until(() => sweep.AllCellsAsync(refresh: true), cells => cells.All(c => c.Finished), Timeout, "sweep finished")).Single(c => c.Key == key);

    [Fact]
    public async Task A_waiting_slot_gets_a_cell_of_a_newly_submitted_sweep()
    {
        await SlotsWaiting();
        var sweep = fx.Grains.GetGrain<ISweepGrain>("handout-new");
        await sweep.SubmitAsync("new", [Spin("t/spin/seed=0/data=0", 2, 20), Spin("t/spin/seed=1/data=0", 2, 20), Spin("t/spin/seed=2/data=0", 2, 20)]);
        var cells = await Wait.Until(() => sweep.AllCellsAsync(refresh: true), c => c.All(x => x.Finished), Timeout, "sweep finished");
        Assert.All(cells, c => Assert.Equal((CellStatus.Done, 1, 1), (c.Status, c.Attempt, c.Completions)));
    }

    [Fact]
    public async Task A_waiting_slot_is_woken_when_a_dependency_finishes()
    {
        var workers = await SlotsWaiting();
        var sweep = fx.Grains.GetGrain<ISweepGrain>("handout-dep");
        var dependency = new CellDescription("t/spin-dep/seed=0/data=0", "t", SpinCellExecutor.DependencyMethod, "",
            new() { ["artifact"] = "a", ["epochs"] = "1" }, 0, 0);
        var dependent = Spin("t/spin/seed=0/data=0", 1, 0, new() { ["dep"] = "a" }) with { DependsOn = [dependency.Key] };
        // the slots stop taking cells while the test itself takes the dependency, as a worker would
        foreach (var w in workers) await fx.Grains.GetGrain<IWorkerGrain>(w.Worker).DrainAsync();
        await sweep.SubmitAsync("dep", [dependency, dependent]);
        var taken = await sweep.NextCellAsync("test/cpu#9", "cpu", fx.Silo);
        Assert.Equal(dependency.Key, taken!.Cell.Key);
        foreach (var w in workers) await fx.Grains.GetGrain<IWorkerGrain>(w.Worker).StartAsync(new WorkerSettings("cpu", w.Silo, (int)TimeSpan.FromMinutes(10).TotalMilliseconds, null));
        await SlotsWaiting();
        await Task.Delay(1000);   // started again, each looks at once: the dependent is not ready, so they wait

        var artifact = fx.Store.SaveArtifact("handout-dep", dependency.Key, "spin artifact a"u8.ToArray());
        var ack = await fx.Grains.GetGrain<ICellGrain>(StorageNames.CellGrainKey("handout-dep", dependency.Key))
            .CompleteAsync(taken.Attempt, "test/cpu#9", new CellResult(double.NaN, null, null, 1, 0, [], artifact));
        Assert.True(ack.Accepted);
        var done = await Done(sweep, dependent.Key);
        Assert.Equal((CellStatus.Done, 1), (done.Status, done.Attempt));
        Assert.Equal("spin artifact a".Length, done.Result!.Extra["dependency_bytes"]);
    }

    [Fact]
    public async Task A_waiting_slot_takes_over_a_cell_released_by_a_drained_worker()
    {
        await SlotsWaiting();
        var sweep = fx.Grains.GetGrain<ISweepGrain>("handout-release");
        var cell = Spin("t/spin/seed=0/data=0", 10, 200);
        await sweep.SubmitAsync("release", [cell]);
        var running = await Wait.Until(async () => (await sweep.AllCellsAsync(refresh: true)).Single(), c => c.Progress?.Epoch >= 2, Timeout, "cell at epoch 2");
        var first = fx.Grains.GetGrain<IWorkerGrain>(running.Worker!);
        await first.DrainAsync();
        var done = await Done(sweep, cell.Key);
        Assert.Equal((CellStatus.Done, 2, 1), (done.Status, done.Attempt, done.Completions));
        Assert.NotEqual(running.Worker, done.Worker);   // the other slot, woken: the drained one takes nothing
        Assert.True(done.Result!.Extra["resumed_from_epoch"] >= 2);
        await first.StartAsync(new WorkerSettings("cpu", running.Silo!, (int)TimeSpan.FromMinutes(10).TotalMilliseconds, null));
    }
}
