using Df2.GrainInterfaces;
using System.Net.Http.Json;
using Xunit.Abstractions;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>
/// Two real df2-silo processes over Azurite (membership, grain state and reminders in tables, checkpoints in blobs):
/// a sweep from <c>df2 submit</c> to <c>df2 table</c>, and kill -9 of a silo running cells. Invariants: no cell lost,
/// one accepted completion per cell, killed cells resume from their checkpoints.
/// </summary>
public class AzureClusterTests(ITestOutputHelper output)
{
    private static string ClusterId(string what) => $"{what}-{Guid.NewGuid():N}"[..20];

    [AzuriteFact]
    public void Two_silos_run_a_sweep_from_submit_to_table()
    {
        var dir = Paths.TempDir("az2");
        var cluster = ClusterId("submit");
        var silos = StartAzure(cluster, 2, "spin");
        using var a = silos[0];
        using var b = silos[1];
        var env = AzureClient(cluster);
        var (code, submitted) = Cli(env, "submit", TinySpecs.Write(dir, "spin.yaml", TinySpecs.Spin(cluster, cells: 8, epochs: 3, spinMs: 150)), "--executor", "spin");
        Assert.True(code == 0, submitted + a.Process.Output);
        var sweepId = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        var (watchCode, watch) = Cli(env, "watch", sweepId);
        Assert.True(watchCode == 0, watch);
        Assert.Contains("| spin | 0 ± 0 (n=8) |", Cli(env, "table", sweepId).Out);
        var workers = Cli(env, "workers").Out;
        Assert.Contains($":{a.SiloPort}/cpu#", workers);
        Assert.Contains($":{b.SiloPort}/cpu#", workers);
    }

    /// <summary>How a fault run stops silos: kill -9 of one running cells, of the one hosting the sweep grain, SIGTERM, or kill -9 of both.</summary>
    public enum Fault { KillRunning, KillSweepHost, Sigterm, WholeCluster }

    [AzuriteFact]
    public Task Kill_9_of_a_silo_running_cells_seed_1() => Run(Fault.KillRunning, 1);

    [AzuriteFact]
    public Task Kill_9_of_a_silo_running_cells_seed_2() => Run(Fault.KillRunning, 2);

    [AzuriteFact]
    public Task Kill_9_of_the_silo_hosting_the_sweep_grain() => Run(Fault.KillSweepHost, 3);

    [AzuriteFact]
    public Task Sigterm_drains_a_silo_and_its_cells_resume_elsewhere() => Run(Fault.Sigterm, 4);

    [AzuriteFact]
    public Task Whole_cluster_killed_and_started_again_loses_nothing() => Run(Fault.WholeCluster, 5);

    /// <summary>A sweep's cells as the given silo's HTTP route reports them (the survivor's view, no client gateway fail-over involved).</summary>
    private static async Task<List<CellView>> Cells(HttpClient http, SiloProcess silo, string sweepId) =>
        (await http.GetFromJsonAsync<List<CellView>>($"{silo.Url}/api/sweeps/{sweepId}/cells", Json))!;

    private async Task Run(Fault fault, int seed)
    {
        var total = System.Diagnostics.Stopwatch.StartNew();
        var cluster = ClusterId($"f{seed}");
        var rng = new Random(seed);
        var silos = StartAzure(cluster, 2, "spin");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var dir = Paths.TempDir("azkill");
            // 20 epochs of 200 ms: a cell past its epoch-2 checkpoint still has >= 3.6 s to run when its silo is stopped
            var (code, submitted) = Cli(AzureClient(cluster), "submit", TinySpecs.Write(dir, "kill.yaml", TinySpecs.Spin(cluster, cells: 10, epochs: 20, spinMs: 200)), "--executor", "spin");
            Assert.True(code == 0, submitted);
            var sweepId = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            await Task.Delay(rng.Next(200, 1200));
            // the victim: the silo hosting the sweep grain (KillSweepHost), or else the silo of a running cell; stopped as soon
            // as one of its cells is past its epoch-2 checkpoint, so that cell must resume from a checkpoint elsewhere
            string? host = null;
            if (fault == Fault.KillSweepHost)
                host = (await Wait.Until(() => http.GetFromJsonAsync<List<SweepStatus>>($"{silos[0].Url}/api/sweeps", Json)!, l => l!.Any(x => x.SweepId == sweepId),
                    TimeSpan.FromSeconds(30), "the sweep listed"))!.Single(x => x.SweepId == sweepId).Silo;
            bool Candidate(CellView c) => c.Status == CellStatus.Running && c.Checkpoint?.Epoch >= 2 && (host is null || c.Silo == host);
            var cells = await Wait.Until(() => Cells(http, silos[0], sweepId), cs => cs.Any(Candidate),
                TimeSpan.FromSeconds(60), "a running cell with a checkpoint");
            var victimCell = cells.First(Candidate);
            var victim = silos.Single(s => victimCell.Silo!.Contains($":{s.SiloPort}@"));
            var survivor = silos.Single(s => s != victim);
            var onVictim = cells.Where(c => c.Status == CellStatus.Running && (fault == Fault.WholeCluster || c.Silo == victimCell.Silo))
                .Select(c => c.Key).ToHashSet();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (fault == Fault.Sigterm) Assert.True(victim.Process.Terminate(TimeSpan.FromSeconds(60)), "silo exits after SIGTERM");
            else victim.Process.Kill();
            if (fault == Fault.Sigterm)
            {
                var drained = await Wait.Until(() => Cells(http, survivor, sweepId), _ => true, TimeSpan.FromSeconds(30), "the survivor's view");
                Assert.All(drained.Where(c => onVictim.Contains(c.Key) && !c.Finished),
                    c => Assert.Contains("drained", c.Reason ?? $"{c.Key} {c.Status}"));
            }
            if (fault == Fault.WholeCluster)
            {
                survivor.Process.Kill();
                var fresh = StartAzure(cluster, 2, "spin");
                silos.AddRange(fresh);
                survivor = fresh[0];
            }
            await Wait.Until(() => Cells(http, survivor, sweepId),
                cs => cs.Where(c => onVictim.Contains(c.Key)).All(c => c.Finished || (c.Status == CellStatus.Running && c.Attempt > 1)),
                TimeSpan.FromSeconds(120), "killed cells running again", () => survivor.Process.Output);
            var seconds = clock.Elapsed.TotalSeconds;
            // 120 s: the test asserts that nothing is lost, not a speed (CI runs the other test assemblies beside it on 2 cores,
            // and one run under that load needed more than 60 s)
            var done = await Wait.Until(() => Cells(http, survivor, sweepId), cs => cs.All(c => c.Finished), TimeSpan.FromSeconds(120), "sweep finished",
                () => survivor.Process.Output);
            var lost = done.Count(c => c.Status != CellStatus.Done);
            // a repeat is the same attempt's completion sent again after its acknowledgement died with a silo: answered
            // Duplicate, counted, never accepted twice (Completions stays 1)
            var repeats = done.Sum(c => c.DuplicateCompletions);
            var resumed = done.Count(c => c.Result?.Extra.GetValueOrDefault("resumed_from_epoch") > 0);
            var line = $"azurite {fault} seed={seed}: cells={done.Count} running-on-victim={onVictim.Count} lost={lost} accepted-completions={done.Sum(c => c.Completions)} " +
                       $"repeated-completions={repeats} resumed-from-checkpoint={resumed} seconds-to-running-again={seconds:F1} test-seconds={total.Elapsed.TotalSeconds:F0}";
            output.WriteLine(line);
            Reliability.Audit(line);
            Assert.Equal(0, lost);
            Assert.All(done, c => Assert.Equal(1, c.Completions));
            Assert.True(resumed >= 1, line);
        }
        finally
        {
            foreach (var s in silos) s.Dispose();
        }
    }
}
