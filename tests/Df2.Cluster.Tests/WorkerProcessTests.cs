using Df2.Client;
using System.Diagnostics;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Grains.Worker;
using Df2.Kernels;
using Df2.Learning.Running;
using Df2.Silo.Core;
using Xunit.Abstractions;

namespace Df2.Cluster.Tests;

/// <summary>
/// Cells train in df2-worker children (<see cref="ProcessCellExecutor"/>): a child killed with SIGKILL or dying natively
/// fails only its attempt, a cell resumes in a new child to the same bits, a child gives the in-process numbers, and
/// TorchSharp's handle hazards do not fire in a child while its silo is busy.
/// </summary>
public class WorkerProcessTests(ITestOutputHelper output)
{
    /// <summary>Two real cells long enough to be killed between checkpoints (10 epochs of policy-net on n = 2000).</summary>
    private const string TwoRealCells = """
        name: kill-child
        seeds: [0, 1]
        data_seeds: [0]
        defaults: { epochs: 10, n: 2000, solver_steps: 50 }
        tasks: [synthetic-convex]
        methods: [policy-net]
        """;

    private static CellRequest Request(CellView c) => new(c.Task, c.Method, c.Cell.Parameters, c.Seed, c.DataSeed);

    /// <summary>The in-process regret of <paramref name="request"/> at a 2-slot host's threads per slot, as the children train.</summary>
    private static CellMetrics InProcess(CellRequest request, List<double>? losses = null)
    {
        var before = TorchThreads.Threads;
        try
        {
            TorchThreads.SetThreads(TorchThreads.PerSlot(2));
            return new LearningCellExecutor().Run(request, new MemorySink(), r => losses?.Add(r.Loss), CancellationToken.None);
        }
        finally { TorchThreads.SetThreads(before); }
    }

    [Fact]
    public async Task Kill_9_of_a_child_mid_cell_resumes_the_cell_in_a_new_child_with_the_uninterrupted_regret()
    {
        var dir = Paths.TempDir("kill-child");
        var run = new EmbeddedRun(new EmbeddedRunOptions(TinySpecs.Write(dir, "kill.yaml", TwoRealCells), 2, Path.Combine(dir, "out")));
        var before = WorkerChildren.Running();
        var checkpoints = Path.Combine(dir, "out", ".df2", "checkpoints");
        string? reason = null;
        var killer = Task.Run(async () =>
        {
            // both cells have a checkpoint: each slot's child is mid-cell
            while (!Directory.Exists(checkpoints)
                   || Directory.EnumerateFiles(checkpoints, "a1-e*.ckpt", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Distinct().Count() < 2)
                await Task.Delay(10);
            var child = WorkerChildren.Running().Except(before).First();
            Assert.True(WorkerChildren.Nice(child) > WorkerChildren.Nice(Environment.ProcessId), "the child runs below its parent's priority");
            Process.GetProcessById(child).Kill(); // SIGKILL
            while (reason is null && run.Sweep is { } sweep)
            {
                reason = (await sweep.AllCellsAsync(refresh: false)).Select(c => c.Reason).FirstOrDefault(r => r?.Contains("worker process") == true);
                await Task.Delay(20);
            }
        });
        var r = await run.RunAsync(run.Prepare(), null, CancellationToken.None);
        await killer;
        Assert.Equal((2, 2), (r.Total, r.Done));
        Assert.Equal("worker process died: signal 9 (SIGKILL)", reason);
        var resumed = Assert.Single(r.Cells, c => c.Attempt == 2);
        Assert.True(resumed.Result!.Extra["resumed_from_epoch"] >= 1);
        Assert.Single(r.Cells, c => c.Attempt == 1); // the other slot's cell was not disturbed
        foreach (var c in r.Cells)
        {
            var expected = ReferenceRuns.InChild(Request(c), TorchThreads.PerSlot(2));
            output.WriteLine($"{c.Key}: attempt {c.Attempt}, regret {c.Result!.Regret:R} (uninterrupted in a fresh child {expected.Regret:R})");
            Assert.Equal(expected.Regret, c.Result.Regret);
        }
    }

    [Fact]
    public async Task A_child_that_aborts_fails_its_cell_for_good_after_three_attempts_and_the_silo_runs_the_rest()
    {
        var dir = Paths.TempDir("crash-child");
        var spec = TinySpecs.Write(dir, "crash.yaml", """
            name: crash-child
            seeds: [0, 1]
            defaults: { epochs: 3, spin_ms: 50 }
            tasks: [spin-task]
            methods:
              - spin
              - name: spin-crash
                params: { crash: abort }
            """);
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, 2, Path.Combine(dir, "out"), Executor: "spin"));
        var r = await run.RunAsync(run.Prepare(), null, CancellationToken.None);
        Assert.Equal((4, 2, 2), (r.Total, r.Done, r.Failed));
        Assert.All(r.Cells.Where(c => c.Method == "spin-crash"), c =>
        {
            Assert.Equal(CellStatus.Failed, c.Status);
            Assert.Equal(CellGrain.MaxFailures, c.Attempt);
            Assert.Equal("worker process died: signal 6 (SIGABRT)", c.Reason);
        });
        Assert.All(r.Cells.Where(c => c.Method == "spin"), c => Assert.Equal((CellStatus.Done, 1), (c.Status, c.Attempt)));
    }

    [Fact]
    public void A_cell_in_a_child_gives_the_in_process_numbers_to_every_digit()
    {
        var request = new CellRequest("synthetic-convex", "df2", new Dictionary<string, string>
        {
            ["epochs"] = "2", ["n"] = "500", ["solver_steps"] = "50", ["S"] = "20", ["J"] = "5",
        }, Seed: 1, DataSeed: 0);
        var clock = Stopwatch.StartNew();
        var inProcessLosses = new List<double>();
        var inProcess = InProcess(request, inProcessLosses);
        var inProcessSeconds = clock.Elapsed.TotalSeconds;
        using var executor = new ProcessCellExecutor(new LearningCellExecutor(), new WorkerOptions("learning", TorchThreads.PerSlot(2), TimeSpan.FromMinutes(5)));
        var childLosses = new List<double>();
        clock.Restart();
        var child = executor.Run(request, new MemorySink(), r => childLosses.Add(r.Loss), CancellationToken.None);
        output.WriteLine($"regret in-process {inProcess.Regret:R} ({inProcessSeconds:0.00} s), in a child {child.Regret:R} ({clock.Elapsed.TotalSeconds:0.00} s incl. start-up)");
        Assert.Equal((inProcess.Regret, inProcess.LowerBound, inProcess.Gap), (child.Regret, child.LowerBound, child.Gap));
        Assert.Equal(inProcessLosses, childLosses);
    }

    [Fact]
    public void A_silent_child_is_killed_after_the_stall_timeout_and_the_next_unit_gets_a_fresh_one()
    {
        // the timeout counts from the child's ready message: a start-up slowed by a loaded machine is not a stall
        using var executor = new ProcessCellExecutor(new SpinCellExecutor(), new WorkerOptions("spin", 1, TimeSpan.FromSeconds(2)));
        var spin = (string ms) => new CellRequest("spin-task", "spin", new Dictionary<string, string> { ["spin_ms"] = ms }, 0, 0);
        var e = Assert.Throws<WorkerFaultException>(() => executor.Run(spin("60000"), new MemorySink(), _ => { }, CancellationToken.None));
        Assert.Equal(("worker process stalled: no message for 2 s (killed)", false), (e.Message, e.Permanent));
        Assert.Equal(1, executor.Run(spin("0"), new MemorySink(), _ => { }, CancellationToken.None).Epochs);
    }

    [Fact]
    public async Task The_probe_finds_no_handle_hazard_in_children_while_the_silo_is_busy()
    {
        var dir = Paths.TempDir("probe");
        var spec = TinySpecs.Write(dir, "probe.yaml", """
            name: probe
            seeds: [0, 1]
            defaults: { probe_ms: 3000 }
            tasks: [probe-task]
            methods: [probe]
            """);
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, 2, Path.Combine(dir, "out"), Executor: "probe"));
        using var done = new CancellationTokenSource();
        var grainCalls = 0;
        var traffic = Task.Run(async () =>
        {
            // grain calls and managed garbage in the silo's process while the children probe
            while (!done.IsCancellationRequested)
            {
                if (run.Sweep is { } sweep) { await sweep.AllCellsAsync(refresh: false); grainCalls++; }
                GC.KeepAlive(new byte[1 << 16]);
                await Task.Yield();
            }
        });
        var r = await run.RunAsync(run.Prepare(), null, CancellationToken.None);
        done.Cancel();
        await traffic;
        Assert.Equal(2, r.Done);
        var (calls, exceptions, wrong) = (r.Cells.Sum(c => c.Result!.Extra["probe_calls"]), r.Cells.Sum(c => c.Result!.Extra["probe_exceptions"]),
            r.Cells.Sum(c => c.Result!.Extra["probe_wrong"]));
        output.WriteLine($"probe in 2 children: {calls} hazardous calls, {exceptions} exceptions, {wrong} wrong values; {grainCalls} grain calls meanwhile");
        Assert.True(calls > 10_000 && grainCalls > 10, $"{calls} calls, {grainCalls} grain calls");
        Assert.Equal((0d, 0d), (exceptions, wrong));
    }
}
