using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Learning.Running;
using Df2.Silo.Core;
using Df2.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Df2.SchedulerBench;

/// <summary>
/// A simulated fleet: one in-process silo hosting <c>slots</c> worker slots whose cells run the documented spin executor in
/// the silo process (no df2-worker children: <c>epochs</c> sleeps of <c>spinMs</c>, a checkpoint each), so slots hold cells
/// for a realistic while without training. Grain state is Orleans' memory storage behind a counting wrapper; checkpoints
/// and manifest pages live in memory. Measures, from submit to the last completion: cells handed out per second, calls into
/// the sweep grain per second (Df2Metrics' df2.sweep.calls), hand-out latency (the first wave: submit → assignment of a slot
/// that waited; later: the slot's idle time between its cell's end and its next assignment), grain-state writes per cell,
/// and the silo process's memory; then the calls while the slots idle beside a sweep with a few long cells (the cost the
/// old 250 ms poll paid per idle slot). With <c>cancelAfter</c> it instead submits, watches, cancels after that many seconds
/// and renders the table.
/// </summary>
public static class FleetBench
{
    public static async Task Run(int slots, int cells, int epochs, int spinMs, TimeSpan backstop, double? cancelAfter)
    {
        Console.WriteLine($"fleet: {slots} slots, {cells} cells × {epochs} epochs × {spinMs} ms (spin, in-process), backstop {backstop.TotalMilliseconds:0} ms, " +
                          $"{(cancelAfter is { } c ? $"cancel after {c:0} s" : "run to the end")}");
        using var meters = new Meters();
        var settings = new ClusterSettings
        {
            ClusterId = "fleet", SiloPort = FreePorts.Next(), GatewayPort = FreePorts.Next(),
            Devices = Enumerable.Repeat("cpu", slots).ToList(), Executor = "spin", Backstop = backstop,
        };
        using var host = new HostBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: "fleet", clusterId: "fleet");
                silo.AddMemoryGrainStorage("fleet-memory");
                silo.Services.AddGrainStorage(StorageNames.Store, (sp, _) => new CountingStorage(sp.GetRequiredKeyedService<IGrainStorage>("fleet-memory")));
                silo.UseInMemoryReminderService();
                silo.Services.AddSingleton<ICheckpointStore>(new MemoryCheckpointStore());
                SiloSetup.ConfigureCommon(silo, settings);
                silo.Services.AddSingleton<ICellExecutor>(new SpinCellExecutor());   // in the silo process: a thread per busy slot, no child
            }).Build();
        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var index = grains.GetGrain<IClusterIndexGrain>(0);
        await Until(async () => (await index.WorkersAsync()).Count >= slots, TimeSpan.FromMinutes(5));
        Console.WriteLine($"silo up, {slots} slots started and waiting: {clock.Elapsed.TotalSeconds:0.0} s; working set {Mb(Environment.WorkingSet)} MB, managed heap {Mb(GC.GetTotalMemory(false))} MB");

        var sweepId = $"fleet-{cells}-{Guid.NewGuid():N}"[..20];
        var sweep = grains.GetGrain<ISweepGrain>(sweepId);
        var descriptions = Enumerable.Range(0, cells).Select(i => new CellDescription($"t/spin/seed={i}/data=0", "t", "spin", "",
            new() { ["epochs"] = epochs.ToString(), ["spin_ms"] = spinMs.ToString() }, i, 0)).ToList();
        meters.Reset();
        CountingStorage.Reset();
        var peak = 0L;
        clock.Restart();
        meters.Submitted = Stopwatch.GetTimestamp();
        await sweep.SubmitAsync("fleet", descriptions);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        SweepStatus s;
        var next = 5.0;
        while (true)
        {
            await Task.Delay(250);
            s = (await sweep.StatusAsync())!;
            peak = Math.Max(peak, Environment.WorkingSet);
            if (clock.Elapsed.TotalSeconds >= next)
            {
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0} s: done {s.Counts["done"]}, running {s.Counts["running"]}, pending {s.Counts["pending"]}; " +
                                  $"sweep calls {meters.SweepCalls}; working set {Mb(Environment.WorkingSet)} MB");
                next += 5;
            }
            if (s.Finished == s.Total || (cancelAfter is { } after && clock.Elapsed.TotalSeconds >= after)) break;
        }
        var wall = clock.Elapsed.TotalSeconds;
        var done = s.Counts["done"];
        var (handout, report) = (meters.Calls("handout"), meters.Calls("report"));
        var writes = CountingStorage.Snapshot();
        var startedCells = done + s.Counts["running"];
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| submit of {cells} cells | {submitSeconds:0.00} s |");
        Console.WriteLine($"| wall, submit → {(s.Finished == s.Total ? "last completion" : "stop")} | {wall:0.0} s |");
        Console.WriteLine($"| cells done | {done} ({s.Counts["running"]} running) |");
        Console.WriteLine($"| cells handed out per second | {startedCells / wall:0.0} (done per second {done / wall:0.0}; ideal {slots * 1000.0 / (epochs * spinMs):0} at zero overhead) |");
        Console.WriteLine($"| sweep grain calls per second | {(handout + report) / wall:0} (NextCellAsync {handout / wall:0}, CellChangedAsync {report / wall:0}); per cell handed out {(handout + report) / (double)Math.Max(1, startedCells):0.00} |");
        Console.WriteLine($"| cells reported ready / slots woken | {meters.Ready} / {meters.Woken} |");
        Console.WriteLine($"| hand-out latency, first wave (submit → assignment, {meters.First.Count} slots) | p50 {P(meters.First, 0.5)}, p99 {P(meters.First, 0.99)} |");
        Console.WriteLine($"| hand-out latency, later (cell end → next assignment, {meters.Later.Count} hand-outs) | p50 {P(meters.Later, 0.5)}, p99 {P(meters.Later, 0.99)} |");
        Console.WriteLine($"| grain-state writes per cell (cells started) | {writes.Values.Sum() / (double)Math.Max(1, startedCells):0.00} ({string.Join(", ", writes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value / (double)Math.Max(1, startedCells):0.00}"))}) |");
        Console.WriteLine($"| epochs reported | {meters.Epochs} ({meters.Epochs / (double)Math.Max(1, done):0.00} per done cell) |");
        Console.WriteLine($"| silo process memory | working set {Mb(Environment.WorkingSet)} MB (peak seen {Mb(peak)} MB), managed heap {Mb(GC.GetTotalMemory(false))} MB, GC heap size {Mb(GC.GetGCMemoryInfo().HeapSizeBytes)} MB |");

        if (cancelAfter is not null)
        {
            clock.Restart();
            var cancelled = await sweep.CancelAsync("fleet bench");
            var cancelSeconds = clock.Elapsed.TotalSeconds;
            var after = (await sweep.StatusAsync())!;
            clock.Restart();
            var table = await sweep.TableAsync(TableFormat.Markdown);
            Console.WriteLine($"| cancel | {cancelled} cancelled in {cancelSeconds:0.00} s; state {after.State}, {after.Finished}/{after.Total} finished |");
            Console.WriteLine($"| table | {clock.Elapsed.TotalSeconds:0.00} s, {table.Split('\n').Length} lines, {(table.Contains($"(n={after.Counts["done"]})") ? "n = the done cells" : "n NOT the done cells")} |");
            Console.WriteLine(table);
        }

        // the slots idle beside an active sweep: a few cells hold as many slots for 12 s, the others look for work
        var few = Math.Min(10, slots);
        var idleSweep = grains.GetGrain<ISweepGrain>($"fleet-idle-{Guid.NewGuid():N}"[..20]);
        await idleSweep.SubmitAsync("idle", Enumerable.Range(0, few).Select(i => new CellDescription($"t/spin/seed={i}/data=0", "t", "spin", "",
            new() { ["epochs"] = "1", ["spin_ms"] = "15000" }, i, 0)).ToList());
        await Task.Delay(2000);
        var (h0, r0, w0) = (meters.Calls("handout"), meters.Calls("report"), CountingStorage.Snapshot().Values.Sum());
        clock.Restart();
        await Task.Delay(10_000);
        var idleSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"| {slots - few} slots idle beside a sweep whose {few} cells run (10 s) | sweep grain calls {(meters.Calls("handout") + meters.Calls("report") - h0 - r0) / idleSeconds:0.0} per second; grain-state writes {(CountingStorage.Snapshot().Values.Sum() - w0) / idleSeconds:0.0} per second |");
        await idleSweep.CancelAsync("fleet bench");
        await host.StopAsync();
    }

    private static string P(List<double> values, double q)
    {
        if (values.Count == 0) return "–";
        var sorted = values.Order().ToList();
        var v = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return v < 1 ? $"{v * 1000:0.0} ms" : $"{v:0.00} s";
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    private static async Task Until(Func<Task<bool>> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();   // monotonic, as the tests' waits
        while (!await done())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException("the fleet's slots did not all start");
            await Task.Delay(500);
        }
    }

    /// <summary>Our meter's instruments, read in this process (the silo is in it).</summary>
    private sealed class Meters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
        private long _ready, _woken, _epochs;

        public long Submitted;
        public List<double> First { get; } = [];
        public List<double> Later { get; } = [];

        public Meters()
        {
            _listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == Df2Metrics.MeterName) l.EnableMeasurementEvents(instrument); };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                switch (instrument.Name)
                {
                    case "df2.sweep.calls": _calls.AddOrUpdate(Tag(tags, "method"), value, (_, v) => v + value); break;
                    case "df2.handout.ready": Interlocked.Add(ref _ready, value); break;
                    case "df2.handout.wakes": Interlocked.Add(ref _woken, value); break;
                    case "df2.epochs": Interlocked.Add(ref _epochs, value); break;
                }
            });
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            {
                if (instrument.Name != "df2.handout.duration") return;
                // a slot that waited: its idle time includes the wait for work to exist; from the submit instead
                var waited = Tag(tags, "waited") == "yes";
                var seconds = waited ? Stopwatch.GetElapsedTime(Interlocked.Read(ref Submitted)).TotalSeconds : value;
                lock (this) (waited ? First : Later).Add(seconds);
            });
            _listener.Start();
        }

        public long SweepCalls => _calls.Values.Sum();
        public long Ready => Interlocked.Read(ref _ready);
        public long Woken => Interlocked.Read(ref _woken);
        public long Epochs => Interlocked.Read(ref _epochs);

        public long Calls(string method) => _calls.GetValueOrDefault(method);

        public void Reset()
        {
            _calls.Clear();
            (_ready, _woken, _epochs) = (0, 0, 0);
            lock (this) { First.Clear(); Later.Clear(); }
        }

        private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
        {
            foreach (var t in tags) if (t.Key == key) return t.Value as string ?? "";
            return "";
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Grain storage that counts writes by state name (sweep, cell, dro, index).</summary>
    private sealed class CountingStorage(IGrainStorage inner) : IGrainStorage
    {
        private static readonly ConcurrentDictionary<string, long> Writes = new(StringComparer.Ordinal);

        public static void Reset() => Writes.Clear();

        public static Dictionary<string, long> Snapshot() => new(Writes);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Writes.AddOrUpdate(stateName, 1, (_, v) => v + 1);
            return inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }

    /// <summary>Checkpoints, artifacts and manifest pages in memory (the spin cells' checkpoints are a few bytes).</summary>
    private sealed class MemoryCheckpointStore : ICheckpointStore
    {
        private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

        public string Save(string sweepId, string cellKey, int attempt, int epoch, byte[] state) => Put(CheckpointNames.Name(sweepId, cellKey, attempt, epoch), state);

        public string SaveArtifact(string sweepId, string cellKey, byte[] artifact) => Put(CheckpointNames.Artifact(sweepId, cellKey), artifact);

        public string SaveSweepFile(string sweepId, string name, byte[] bytes) => Put(CheckpointNames.SweepFile(sweepId, name), bytes);

        public byte[] Load(string location) => _files.TryGetValue(location, out var b) ? b : throw new FileNotFoundException(location);

        public void Delete(string location) => _files.TryRemove(location, out _);

        private string Put(string location, byte[] bytes)
        {
            _files[location] = bytes;
            return location;
        }
    }
}
