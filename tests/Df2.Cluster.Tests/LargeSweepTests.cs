using System.Diagnostics;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Df2.Cluster.Tests;

/// <summary>
/// Sweeps of any size (docs/benchmarks.md, "Sweeps of any size"): 100,000 spin cells (0 ms per epoch) on a one-silo test
/// cluster whose grain state is MessagePack files (as df2 run stores it), so the sweep's persisted state can be weighed.
/// Submitting writes the manifest pages and a state of about one byte per cell; pages of cells, cancel, the table and a
/// fresh activation (from the manifest) create no cell grain for the cells that never ran.
/// </summary>
public class LargeSweepTests(LargeSweepTests.Fixture fx, ITestOutputHelper output) : IClassFixture<LargeSweepTests.Fixture>
{
    private const int Cells = 100_000;

    /// <summary>The persisted sweep state stays under this many bytes for <see cref="Cells"/> cells (Azure Table's limit: 983,040).</summary>
    private const int StateBound = 128 * 1024;

    public sealed class Fixture() : TestClusterFixture<Fixture.Configurator>(1)
    {
        public static readonly string StateFolder = Paths.TempDir("big-state");
        public static readonly string Checkpoints = Paths.TempDir("big-ckpt");

        /// <summary>The next write of a sweep state fails (a storage error at submit).</summary>
        public static volatile bool FailNextSweepWrite;

        public sealed class Configurator : ISiloConfigurator
        {
            public void Configure(ISiloBuilder silo)
            {
                silo.Services.AddGrainStorage(StorageNames.Store, (_, _) => new FlakyStorage(new FolderGrainStorage(StateFolder, new MessagePackGrainStorageSerializer())));
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<ICheckpointStore>(new FolderCheckpointStore(Checkpoints));
                SiloSetup.ConfigureCommon(silo, new ClusterSettings { Devices = ["cpu", "cpu"], Executor = "spin" });
            }
        }

        private sealed class FlakyStorage(IGrainStorage inner) : IGrainStorage
        {
            public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

            public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
            {
                if (stateName == StorageNames.Sweep && FailNextSweepWrite)
                {
                    FailNextSweepWrite = false;
                    throw new IOException("injected: the sweep state could not be written");
                }
                return inner.WriteStateAsync(stateName, grainId, grainState);
            }

            public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
        }
    }

    private IGrainFactory Grains => fx.Cluster.GrainFactory;

    /// <summary>2 tasks × {df2, spin} × seeds: df2 is the reference every spin row is paired against.</summary>
    private static List<CellDescription> Spin(int cells) => Enumerable.Range(0, cells).Select(i =>
    {
        var (task, method, seed) = ($"task{i % 2}", i / 2 % 2 == 0 ? "df2" : "spin", i / 4);
        return new CellDescription($"{task}/{method}/seed={seed}/data=0", task, method, "", new() { ["epochs"] = "1", ["spin_ms"] = "0" }, seed, 0);
    }).ToList();

    private async Task<int> CellActivations()
    {
        var stats = await Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        output.WriteLine(string.Join(", ", stats.Select(s => $"{s.GrainType}={s.ActivationCount}")));
        return stats.Where(s => s.GrainType.Contains($".{nameof(CellGrain)}", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    private static long StateBytes() =>
        Directory.EnumerateFiles(Path.Combine(Fixture.StateFolder, StorageNames.Sweep), "*.msgpack").Select(f => new FileInfo(f).Length).Max();

    [Fact]
    public async Task Sweep_of_100000_cells_pages_cancels_and_tabulates_without_every_cell_grain()
    {
        var sweep = Grains.GetGrain<ISweepGrain>("big-100k");
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var cells = Spin(Cells);
        var clock = Stopwatch.StartNew();
        var submitted = await sweep.SubmitAsync("big", cells);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal((Cells, false), (submitted.Cells, submitted.Existing));
        Assert.True((await sweep.SubmitAsync("big", cells)).Existing);
        var stateBytes = StateBytes();
        Assert.InRange(stateBytes, Cells, StateBound);

        // the workers run cells meanwhile; the counts come without asking a cell
        var running = await Wait.Until(() => sweep.StatusAsync(), s => s!.Counts["done"] >= 200, TimeSpan.FromSeconds(60), "200 cells done");
        Assert.Equal(Cells, running!.Total);

        clock.Restart();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        CellPage page;
        var p = 0;
        do
        {
            page = await sweep.CellsAsync(new CellQuery(p++, 1000));
            foreach (var c in page.Cells) Assert.True(seen.Add(c.Key), $"{c.Key} listed twice");
        }
        while (p < page.Pages);
        var pagingSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal(Cells, page.Matching);
        Assert.True(seen.SetEquals(cells.Select(c => c.Key)), "every cell listed once");

        clock.Restart();
        var cancelled = await sweep.CancelAsync("large sweep test");
        var cancelSeconds = clock.Elapsed.TotalSeconds;
        var status = (await sweep.StatusAsync())!;
        Assert.Equal(("cancelled", Cells), (status.State, status.Finished));
        Assert.Equal(status.Counts["cancelled"], cancelled);
        var pendingCancelled = await sweep.CellsAsync(new CellQuery(Page: 1, Size: 10, Status: CellStatus.Cancelled, Task: "task1", Method: "spin"));
        Assert.Equal(10, pendingCancelled.Cells.Count);
        Assert.All(pendingCancelled.Cells, c => Assert.Equal((CellStatus.Cancelled, "task1", "spin"), (c.Status, c.Task, c.Method)));
        Assert.All(pendingCancelled.Cells, c => Assert.StartsWith("cancelled by large sweep test", c.Reason));
        var done = await sweep.CellsAsync(new CellQuery(Size: 5000, Status: CellStatus.Done));
        Assert.Equal(status.Counts["done"], done.Matching);

        clock.Restart();
        var table = await sweep.TableAsync(TableFormat.Markdown);
        var tableSeconds = clock.Elapsed.TotalSeconds;
        Assert.Contains("| df2 |", table);
        var summary = RegretTable.Summarise(await sweep.RegretGroupsAsync());
        Assert.Equal(status.Counts["done"], summary.Sum(r => r.N));

        var activations = await CellActivations();
        Assert.InRange(activations, 1, status.Counts["done"] + status.Counts["running"] + 200);   // the cells that ran (and a few workers' leftovers), not 100,000

        // a fresh activation reads the manifest and the state, not the cells
        var stateAfter = StateBytes();
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        clock.Restart();
        var reloaded = (await sweep.StatusAsync())!;
        var activationSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal(status.Counts, reloaded.Counts);
        Assert.Equal(table, await sweep.TableAsync(TableFormat.Markdown));
        var activationsAfter = await CellActivations();
        Assert.True(activationsAfter < 100, $"{activationsAfter} cell grains active after a fresh activation and a table");
        Assert.InRange(StateBytes(), Cells, StateBound);

        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"cells {Cells}; submit {submitSeconds:F2} s; state {stateBytes} B after submit, {stateAfter} B after cancel; " +
                         $"paging 100 × 1000 {pagingSeconds:F2} s; cancel {cancelSeconds:F2} s ({cancelled} cancelled, {status.Counts["done"]} done); " +
                         $"table {tableSeconds:F2} s; fresh activation {activationSeconds:F2} s; cell grains active {activations} (after the fresh activation and a table {activationsAfter}); " +
                         $"managed heap {memoryBefore / 1e6:F0} MB before, {memoryAfter / 1e6:F0} MB after; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
        GC.KeepAlive(cells);
    }

    [Fact]
    public async Task Sweep_stored_before_the_manifest_is_moved_into_one_on_activation()
    {
        var sweep = Grains.GetGrain<ISweepGrain>("big-old");
        var cells = Spin(3);
        foreach (var c in cells) await Grains.GetGrain<ICellGrain>(StorageNames.CellGrainKey("big-old", c.Key)).InitAsync("big-old", c);
        var storage = ((InProcessSiloHandle)fx.Cluster.Primary!).SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Store);
        var old = new SweepGrainState { Name = "old", Created = DateTimeOffset.UtcNow, Keys = cells.Select(c => c.Key).ToList(), Submitted = true };
        await storage.WriteStateAsync(StorageNames.Sweep, sweep.GetGrainId(), new GrainState<SweepGrainState>(old));
        var status = (await sweep.StatusAsync())!;
        Assert.Equal((3, 3), (status.Total, status.Counts["pending"]));
        Assert.Equal(cells.Select(c => c.Key), (await sweep.AllCellsAsync(refresh: false)).Select(c => c.Key));
        Assert.Equal(3, await sweep.CancelAsync("old sweep test"));
    }

    [Fact]
    public async Task Submit_whose_state_write_fails_claims_nothing_and_the_same_submit_completes_it()
    {
        var sweep = Grains.GetGrain<ISweepGrain>("big-flaky");
        var cells = Spin(2500);
        Fixture.FailNextSweepWrite = true;
        await Assert.ThrowsAnyAsync<Exception>(() => sweep.SubmitAsync("flaky", cells));
        Assert.Null(await sweep.StatusAsync());
        var again = await sweep.SubmitAsync("flaky", cells);
        Assert.Equal((2500, false), (again.Cells, again.Existing));
        Assert.Equal(2500, (await sweep.StatusAsync())!.Total);
        Assert.Equal(2500, (await sweep.AllCellsAsync(refresh: false)).Count);
        await sweep.CancelAsync("flaky test");
    }
}

/// <summary>
/// The same 100,000-cell sweep against Azure Table grain storage and Blob manifest pages (Azurite): the submit that once
/// failed with "Data too large to write to Azure table" stores the sweep, and a fresh activation reads it back.
/// </summary>
public class LargeSweepAzureTests(ITestOutputHelper output)
{
    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddAzureTableGrainStorage(StorageNames.Store, o =>
            {
                o.TableServiceClient = new Azure.Data.Tables.TableServiceClient(AzuriteFactAttribute.Connection);
                o.GrainStorageSerializer = new MessagePackGrainStorageSerializer();
            });
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ICheckpointStore>(_ => new BlobCheckpointStore(new Azure.Storage.Blobs.BlobContainerClient(AzuriteFactAttribute.Connection, "df2-large-sweep-test")));
            SiloSetup.ConfigureCommon(silo, new ClusterSettings { Devices = ["cpu"], Executor = "spin" });
        }
    }

    [AzuriteFact]
    public async Task Sweep_of_100000_cells_fits_azure_table_storage()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<Configurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var sweep = cluster.GrainFactory.GetGrain<ISweepGrain>($"big-azure-{Guid.NewGuid():N}");
            var cells = Enumerable.Range(0, 100_000).Select(i => new CellDescription($"t/spin/seed={i}/data=0", "t", "spin", "",
                new() { ["epochs"] = "1", ["spin_ms"] = "0" }, i, 0)).ToList();
            var clock = Stopwatch.StartNew();
            Assert.False((await sweep.SubmitAsync("big-azure", cells)).Existing);
            var submitSeconds = clock.Elapsed.TotalSeconds;
            await Wait.Until(() => sweep.StatusAsync(), s => s!.Counts["done"] >= 20, TimeSpan.FromSeconds(60), "20 cells done");
            var cancelled = await sweep.CancelAsync("azure large sweep test");
            var status = (await sweep.StatusAsync())!;
            await cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            clock.Restart();
            var reloaded = (await sweep.StatusAsync())!;
            var activationSeconds = clock.Elapsed.TotalSeconds;
            Assert.Equal(status.Counts, reloaded.Counts);
            Assert.Equal(("cancelled", 100_000), (reloaded.State, reloaded.Finished));
            Assert.Contains($"(n={status.Counts["done"]})", await sweep.TableAsync(TableFormat.Markdown));
            output.WriteLine($"Azurite: submit of 100000 cells {submitSeconds:F2} s; {cancelled} cancelled, {status.Counts["done"]} done; fresh activation {activationSeconds:F2} s");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
        }
    }
}
