using Df2.Client;
using System.Diagnostics;
using System.Globalization;
using Df2.GrainInterfaces;
using Df2.SchedulerBench;
using Df2.Silo.Core;
using Df2.Specs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Scheduler benchmarks on Orleans (Release build; Azurite on 127.0.0.1:10000-10002 for the cluster rows). Usage:
//   dotnet bench/Df2.SchedulerBench/bin/Release/net10.0/Df2.SchedulerBench.dll throughput [cells]
//   dotnet bench/Df2.SchedulerBench/bin/Release/net10.0/Df2.SchedulerBench.dll cluster [cells] [silos...]   (cluster rows only)
//   dotnet bench/Df2.SchedulerBench/bin/Release/net10.0/Df2.SchedulerBench.dll overhead [cells] [epochs]
//   dotnet bench/Df2.SchedulerBench/bin/Release/net10.0/Df2.SchedulerBench.dll worker [repeats]   (df2-worker child costs)
//   dotnet bench/Df2.SchedulerBench/bin/Release/net10.0/Df2.SchedulerBench.dll fleet SLOTS CELLS [epochs] [spin_ms] [backstop_ms] [cancel_after_s]
//     (one in-process silo, SLOTS simulated slots running spin cells in-process; no Azurite)
// "spin" cells are the documented trivial executor (epochs 1, spin_ms 0): they measure scheduling only, never training.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Df2.TestSupport.TestExecutors.Enable();   // spin cells: this process, its silos and their workers load the executor by name
var mode = args.Length > 0 ? args[0] : "throughput";
Console.WriteLine($"# {mode} — {Environment.MachineName}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}");
if (mode == "throughput")
{
    var cells = args.Length > 1 ? int.Parse(args[1]) : 200;
    Console.WriteLine("| setup | silos | slots | cells | seconds | cells/s |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var w in new[] { 1, 2, 4 }) await Embedded(Spin("inproc", cells), "spin", w);
    foreach (var s in new[] { 1, 2, 4 }) await Cluster(cells, s);
}
else if (mode == "cluster")
{
    var cells = args.Length > 1 ? int.Parse(args[1]) : 200;
    Console.WriteLine("| setup | silos | slots | cells | seconds | cells/s |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var s in args.Length > 2 ? args[2..].Select(int.Parse) : [1, 2, 4]) await Cluster(cells, s);
}
else if (mode == "overhead")
{
    var cells = args.Length > 1 ? int.Parse(args[1]) : 4;
    var epochs = args.Length > 2 ? int.Parse(args[2]) : 3;
    Console.WriteLine($"real cells: synthetic-convex × df2 (S 100, J 20), n 2000, {epochs} epochs, {cells} seeds; embedded silo, 2 slots");
    Console.WriteLine("| slots | wall s | mean executor s per cell | overhead % (slot time outside the executor) |");
    Console.WriteLine("|---|---|---|---|");
    await Embedded($"""
        name: overhead
        seeds: [{string.Join(", ", Enumerable.Range(0, cells))}]
        defaults: {"{"} epochs: {epochs}, n: 2000 {"}"}
        tasks: [synthetic-convex]
        methods:
          - name: df2
            params: {"{"} S: 100, J: 20 {"}"}
        """, "learning", 2, overhead: true);
}
else if (mode == "worker")
{
    WorkerBench.Run(args.Length > 1 ? int.Parse(args[1]) : 5);
}
else if (mode == "fleet")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i]) : fallback;
    await FleetBench.Run(Arg(1, 1000), Arg(2, 10_000), Arg(3, 2), Arg(4, 1000), TimeSpan.FromMilliseconds(Arg(5, 10_000)), args.Length > 6 ? double.Parse(args[6]) : null);
}
else
{
    Console.Error.WriteLine($"unknown mode '{mode}' (throughput | cluster | overhead | worker | fleet)");
    return 2;
}
return 0;

static string Spin(string name, int cells) =>
    $"name: {name}\nseeds: [{string.Join(", ", Enumerable.Range(0, cells))}]\ndefaults: {{ epochs: 1, spin_ms: 0 }}\ntasks: [spin-task]\nmethods: [spin]\n";

// Embedded mode: one in-process silo with N slots (what `df2 run` does); the silo's start-up is included.
static async Task Embedded(string yaml, string executor, int slots, bool overhead = false)
{
    var dir = Path.Combine(Path.GetTempPath(), "df2-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(dir);
    var spec = Path.Combine(dir, "spec.yaml");
    File.WriteAllText(spec, yaml);
    var run = new EmbeddedRun(new EmbeddedRunOptions(spec, slots, Path.Combine(dir, "out"), Executor: executor));
    var prepared = run.Prepare();
    var sw = Stopwatch.StartNew();
    var r = await run.RunAsync(prepared, null, CancellationToken.None);
    var wall = sw.Elapsed.TotalSeconds;
    if (!overhead)
    {
        Console.WriteLine($"| embedded (in-process silo, folder storage) | 1 | {slots} | {r.Done} | {wall:0.00} | {r.Done / wall:0.0} |");
        return;
    }
    var ok = r.Cells.Where(c => c.Status == CellStatus.Done).ToList();
    var span = (ok.Max(c => c.FinishedAt!.Value) - ok.Min(c => c.StartedAt!.Value)).TotalSeconds;
    var exec = ok.Sum(c => c.Result!.Extra["executor_seconds"]);
    Console.WriteLine($"| {slots} | {wall:0.0} | {exec / ok.Count:0.00} | {100 * (slots * span - exec) / exec:0.0} |");
}

// Cluster mode: N silo processes over Azurite, one slot each; timed from submit to the last completion.
static async Task Cluster(int cells, int silos)
{
    using var fleet = new SiloFleet(silos, "spin", "cpu:1");
    using var host = await ClusterClients.ConnectAsync(fleet.Client);
    var grains = host.Services.GetRequiredService<IClusterClient>();
    // grain state is keyed by the service id, shared by every cluster id over one Azurite: a sweep name of its own per
    // fleet, or a rerun would "submit" the previous run's finished sweep and time only reading it back
    var prepared = SweepSubmission.Prepare(Spin($"cluster{silos}-{fleet.ClusterId}", cells), "bench.yaml", Df2.Grains.CellExecutors.ByName("spin"));
    var sweep = grains.GetGrain<ISweepGrain>(prepared.SweepId);
    var sw = Stopwatch.StartNew();
    try
    {
        await sweep.SubmitAsync(prepared.Spec.Name, prepared.Descriptions());
    }
    catch (OrleansException e)
    {
        // a failed row says so, with Orleans' full message (it names the silos it knew); the silos' logs go to a file
        var logs = Path.Combine(Path.GetTempPath(), $"df2-bench-{fleet.ClusterId}.log");
        File.WriteAllText(logs, e + "\n" + fleet.Logs());
        Console.WriteLine($"| Azurite cluster (silo processes, Azure Table state) | {silos} | {silos} | – | – | failed: {e.Message.ReplaceLineEndings(" ")} (logs: {logs}) |");
        await host.StopAsync();
        return;
    }
    SweepStatus? s;
    do { await Task.Delay(50); s = await sweep.StatusAsync(); } while (s!.Finished < s.Total);
    var wall = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"| Azurite cluster (silo processes, Azure Table state) | {silos} | {silos} | {s.Counts["done"]} | {wall:0.00} | {s.Counts["done"] / wall:0.0} |");
    await host.StopAsync();
}
