using Df2.GrainInterfaces;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
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
        using var a = StartAzure(cluster, "spin");
        using var b = StartAzure(cluster, "spin");
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

    [AzuriteFact]
    public Task Kill_9_of_a_silo_running_cells_seed_1() => KillSiloRunningCells(1);

    [AzuriteFact]
    public Task Kill_9_of_a_silo_running_cells_seed_2() => KillSiloRunningCells(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A sweep's cells as the given silo's HTTP route reports them (the survivor's view, no client gateway fail-over involved).</summary>
    private static async Task<List<CellView>> Cells(HttpClient http, SiloProcess silo, string sweepId) =>
        (await http.GetFromJsonAsync<List<CellView>>($"{silo.Url}/api/sweeps/{sweepId}/cells", Json))!;

    private async Task KillSiloRunningCells(int seed)
    {
        var cluster = ClusterId($"kill{seed}");
        var rng = new Random(seed);
        var silos = new[] { StartAzure(cluster, "spin"), StartAzure(cluster, "spin") };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var dir = Paths.TempDir("azkill");
            var (code, submitted) = Cli(AzureClient(cluster), "submit", TinySpecs.Write(dir, "kill.yaml", TinySpecs.Spin(cluster, cells: 10, epochs: 8, spinMs: 200)), "--executor", "spin");
            Assert.True(code == 0, submitted);
            var sweepId = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            // the victim: a silo with a cell past its epoch-2 checkpoint, after a seeded extra delay
            await Task.Delay(rng.Next(200, 1200));
            var cells = await Wait.Until(() => Cells(http, silos[0], sweepId), cs => cs.Any(c => c.Status == CellStatus.Running && c.Checkpoint?.Epoch >= 2),
                TimeSpan.FromSeconds(40), "a running cell with a checkpoint");
            var victimCell = cells.First(c => c.Status == CellStatus.Running && c.Checkpoint?.Epoch >= 2);
            var victim = silos.Single(s => victimCell.Silo!.Contains($":{s.SiloPort}@"));
            var survivor = silos.Single(s => s != victim);
            var onVictim = cells.Where(c => c.Status == CellStatus.Running && c.Silo == victimCell.Silo).Select(c => c.Key).ToHashSet();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            victim.Process.Kill();
            await Wait.Until(() => Cells(http, survivor, sweepId),
                cs => cs.Where(c => onVictim.Contains(c.Key)).All(c => c.Finished || (c.Status == CellStatus.Running && c.Silo != victimCell.Silo)),
                TimeSpan.FromSeconds(60), "killed cells running again", () => survivor.Process.Output);
            var seconds = clock.Elapsed.TotalSeconds;
            var done = await Wait.Until(() => Cells(http, survivor, sweepId), cs => cs.All(c => c.Finished), TimeSpan.FromSeconds(90), "sweep finished");
            var lost = done.Count(c => c.Status != CellStatus.Done);
            var duplicates = done.Sum(c => c.DuplicateCompletions + Math.Max(0, c.Completions - 1));
            var resumed = done.Count(c => c.Result?.Extra.GetValueOrDefault("resumed_from_epoch") > 0);
            var line = $"azurite kill-9-silo seed={seed}: cells={done.Count} killed-running={onVictim.Count} lost={lost} duplicates={duplicates} " +
                       $"resumed-from-checkpoint={resumed} seconds-to-running-again={seconds:F1}";
            output.WriteLine(line);
            Reliability.Audit(line);
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicates);
            Assert.All(done, c => Assert.Equal(1, c.Completions));
            Assert.True(resumed >= 1, line);
        }
        finally
        {
            foreach (var s in silos) s.Dispose();
        }
    }
}
