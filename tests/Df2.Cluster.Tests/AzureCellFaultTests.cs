using Df2.GrainInterfaces;
using System.Net.Http.Json;
using Xunit.Abstractions;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>
/// Bad cells on the Azure-storage-backed cluster (two real df2-silo processes over Azurite, the learning executor):
/// a cell whose loss turns NaN and a cell whose wind data file has a bad row fail once with their reason, the rest of
/// the sweep completes, and both silos and their workers stay up.
/// </summary>
public class AzureCellFaultTests(ITestOutputHelper output)
{


    /// <summary>two-stage-pe on synthetic-convex at lr 1e12 (NaN), on synthetic-nonconvex (healthy) and on wind with "twelve" in row 4.</summary>
    private static string Spec(string name, string dataDir) => $"""
        name: {name}
        seeds: [0]
        defaults: {"{"} epochs: 2, solver_steps: 20 {"}"}
        tasks:
          - name: synthetic-convex
            params: {"{"} n: 500, lr: 1e12 {"}"}
          - name: synthetic-nonconvex
            params: {"{"} n: 500 {"}"}
          - name: wind
            params: {"{"} data_dir: "{dataDir}", hidden: 8, max_train: 50, max_test: 10, max_val: 10 {"}"}
        methods: [two-stage-pe]
        """;

    [AzuriteFact]
    public async Task Nan_and_bad_data_row_cells_fail_with_their_reason_and_the_rest_of_the_sweep_completes()
    {
        var dir = Paths.TempDir("azbad");
        var dataDir = Path.Combine(dir, "data");
        BadWindData.Write(dataDir);

        var cluster = $"bad-{Guid.NewGuid():N}"[..20];
        var silos = StartAzure(cluster, 2, "learning", "cpu:1");
        try
        {
            var env = AzureClient(cluster);
            var (code, submitted) = Cli(env, "submit", TinySpecs.Write(dir, "bad.yaml", Spec(cluster, dataDir)));
            Assert.True(code == 0, submitted);
            var sweepId = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var cells = await Wait.Until(() => http.GetFromJsonAsync<List<CellView>>($"{silos[0].Url}/api/sweeps/{sweepId}/cells", Json)!,
                cs => cs!.Count == 3 && cs.All(c => c.Finished), TimeSpan.FromSeconds(90), "sweep finished", () => silos[0].Process.Output + silos[1].Process.Output);
            foreach (var c in cells!) output.WriteLine($"{c.Key}: {c.State} attempt {c.Attempt} on {c.Silo} — {c.Reason}");

            var nan = Assert.Single(cells, c => c.Task == "synthetic-convex");
            Assert.Equal(CellStatus.Failed, nan.Status);
            Assert.Matches(@"^loss became (NaN|-?Infinity) in epoch \d+ \(", nan.Reason); // the first non-finite batch loss
            Assert.Equal(1, nan.Attempt);
            var healthy = Assert.Single(cells, c => c.Task == "synthetic-nonconvex");
            Assert.Equal(CellStatus.Done, healthy.Status);
            Assert.Equal(1, healthy.Completions);
            Assert.True(double.IsFinite(healthy.Result!.Regret), $"regret {healthy.Result.Regret}");
            var bad = Assert.Single(cells, c => c.Task == "wind");
            Assert.Equal(CellStatus.Failed, bad.Status);
            Assert.Contains("TenneTTSO.csv", bad.Reason);
            Assert.Contains("row 4", bad.Reason);
            Assert.Contains("'twelve'", bad.Reason);
            Assert.Equal(1, bad.Attempt);

            // the silos and their workers are still up and take the next sweep
            Assert.All(silos, s => Assert.False(s.Process.Exited, s.Process.Output));
            var workers = Cli(env, "workers").Out;
            Assert.All(silos, s => Assert.Contains($":{s.SiloPort}/cpu#", workers));
            var nextSpec = $"name: {cluster}-next\nseeds: [1]\ndefaults: {{ epochs: 1, n: 500, solver_steps: 20 }}\ntasks: [synthetic-convex]\nmethods: [policy-net]\n";
            var (again, next) = Cli(env, "submit", TinySpecs.Write(dir, "next.yaml", nextSpec));
            Assert.True(again == 0, next);
            var nextId = next.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            Assert.Equal(0, Cli(env, "watch", nextId).Code);
        }
        finally
        {
            foreach (var s in silos) s.Dispose();
        }
    }
}
