using System.Diagnostics;
using System.Globalization;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo;
using Df2.Silo.Stores;
using Df2.SchedulerBench;

// Scheduler benchmarks (Release build). Usage:
//   dotnet bench/Df2.SchedulerBench/bin/Release/net10.0/Df2.SchedulerBench.dll throughput [cells] [pg-dsn]
//   dotnet bench/Df2.SchedulerBench/bin/Release/net10.0/Df2.SchedulerBench.dll scaling [cells] [epochs]
// "spin" cells are the documented trivial executor (epochs 1, spin_ms 0): they measure scheduling only, never training.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var mode = args.Length > 0 ? args[0] : "throughput";
Console.WriteLine($"# {mode} — {Environment.MachineName}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}");
if (mode == "throughput")
{
    var cells = args.Length > 1 ? int.Parse(args[1]) : 400;
    var dsn = args.Length > 2 ? args[2] : Environment.GetEnvironmentVariable("DF2_PG_DSN");
    Console.WriteLine("| setup | store | workers | cells | seconds | cells/s | ms per cell per worker |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var w in new[] { 1, 2, 4 }) InProcess(cells, w);
    foreach (var w in new[] { 1, 2, 4 }) await OverHttp("sqlite", Path.Combine(Temp(), "bench.db"), cells, w);
    if (!string.IsNullOrEmpty(dsn))
        foreach (var w in new[] { 1, 2, 4 }) await OverHttp("postgres", dsn, cells, w);
}
else if (mode == "scaling")
{
    var cells = args.Length > 1 ? int.Parse(args[1]) : 8;
    var epochs = args.Length > 2 ? int.Parse(args[2]) : 3;
    await Scaling(cells, epochs);
}
else
{
    Console.Error.WriteLine($"unknown mode '{mode}' (throughput | scaling)");
    return 2;
}
return 0;

static string Temp()
{
    var d = Path.Combine(Path.GetTempPath(), "df2-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(d);
    return d;
}

static string SpinSpec(string name, int cells) =>
    $"name: {name}\nseeds: [{string.Join(", ", Enumerable.Range(0, cells))}]\ndefaults: {{ epochs: 1, spin_ms: 0 }}\ntasks: [spin-task]\nmethods: [spin]\n";

// Embedded mode: store + N workers in one process (what `df2 run` does).
static void InProcess(int cells, int workers)
{
    var dir = Temp();
    var spec = Path.Combine(dir, "spin.yaml");
    File.WriteAllText(spec, SpinSpec("inproc", cells));
    var run = new EmbeddedRun(new EmbeddedRunOptions(spec, workers, Path.Combine(dir, "out"), Path.Combine(dir, "df2.db")), new SpinCellExecutor());
    var prepared = run.Prepare();
    var sw = Stopwatch.StartNew();
    var r = run.RunAsync(prepared, null, CancellationToken.None).GetAwaiter().GetResult();
    Report("embedded (in-process)", "sqlite", workers, r.Done, sw.Elapsed.TotalSeconds);
}

// Cluster mode: API process + N worker processes over HTTP on loopback.
static async Task OverHttp(string kind, string store, int cells, int workers)
{
    if (kind == "postgres") store = FreshPgDatabase(store);
    using var procs = new Processes();
    procs.StartApi(store, "spin");
    using var api = new ApiClient(procs.Url, Processes.Token);
    for (var i = 0; i < workers; i++) procs.StartWorker($"w{i}", "spin");
    await Task.Delay(1500); // let the workers start (not counted)
    var sw = Stopwatch.StartNew();
    var s = await api.SubmitAsync(new SubmitRequest(SpinSpec($"http-{kind}-{workers}", cells)));
    IReadOnlyList<CellView> done;
    do { await Task.Delay(50); done = await api.CellsAsync(s.SweepId); } while (done.Any(c => c.State is not ("done" or "failed")));
    Report("API + worker processes (HTTP)", kind, workers, done.Count(c => c.State == "done"), sw.Elapsed.TotalSeconds);
}

static string FreshPgDatabase(string dsn)
{
    var name = "df2_bench_" + Guid.NewGuid().ToString("N")[..8];
    using var c = new Npgsql.NpgsqlConnection(dsn);
    c.Open();
    using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", c);
    cmd.ExecuteNonQuery();
    return new Npgsql.NpgsqlConnectionStringBuilder(dsn) { Database = name }.ToString();
}

static void Report(string setup, string store, int workers, int cells, double seconds) =>
    Console.WriteLine($"| {setup} | {store} | {workers} | {cells} | {seconds:0.00} | {cells / seconds:0.0} | {1000 * seconds * workers / cells:0.0} |");

// A real CPU sweep (learning executor) on 1, 2, 4 worker processes; efficiency = T1 / (k · Tk).
static async Task Scaling(int cells, int epochs)
{
    var spec = $"""
        name: scaling
        seeds: [{string.Join(", ", Enumerable.Range(0, cells))}]
        defaults: {"{"} epochs: {epochs}, n: 2000 {"}"}
        tasks: [synthetic-convex]
        methods:
          - name: df2
            params: {"{"} S: 100, J: 20 {"}"}
        """;
    Console.WriteLine($"real cells: synthetic-convex × df2 (S 100, J 20), n 2000, {epochs} epochs, {cells} seeds; SQLite store, API + worker processes");
    Console.WriteLine("| workers | wall s | cells/min | speed-up | efficiency | mean cell s (worker) | mean train s | scheduler overhead % |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    double t1 = 0;
    foreach (var w in new[] { 1, 2, 4 })
    {
        using var procs = new Processes();
        procs.StartApi(Path.Combine(Temp(), "scale.db"), "learning");
        using var api = new ApiClient(procs.Url, Processes.Token);
        for (var i = 0; i < w; i++) procs.StartWorker($"w{i}", "learning");
        await Task.Delay(1500);
        var sw = Stopwatch.StartNew();
        var s = await api.SubmitAsync(new SubmitRequest(spec));
        IReadOnlyList<CellView> done;
        do { await Task.Delay(100); done = await api.CellsAsync(s.SweepId); } while (done.Any(c => c.State is not ("done" or "failed")));
        var wall = sw.Elapsed.TotalSeconds;
        if (w == 1) t1 = wall;
        var ok = done.Where(c => c.State == "done").ToList();
        // per cell on its worker: lease → complete; the executor's own time is train + decide (+ data/eval inside CellRunner)
        var cellSeconds = ok.Average(c => (c.FinishedAt!.Value - c.StartedAt!.Value).TotalSeconds);
        var train = ok.Average(c => c.Result!.TrainSeconds);
        // scheduler overhead = (w · span − Σ executor seconds) / Σ executor seconds, span = first lease → last completion:
        // everything a worker slot spends outside the executor (lease, checkpoint uploads, completion, idle polls, tail idling).
        var span = (ok.Max(c => c.FinishedAt!.Value) - ok.Min(c => c.StartedAt!.Value)).TotalSeconds;
        var exec = ok.Sum(c => c.Result!.Extra["executor_seconds"]);
        var overhead = 100 * (w * span - exec) / exec;
        Console.WriteLine($"| {w} | {wall:0.0} | {60 * ok.Count / wall:0.0} | {t1 / wall:0.00} | {t1 / (w * wall):0.00} | {cellSeconds:0.00} | {train:0.00} | {overhead:0.0} |");
    }
}
