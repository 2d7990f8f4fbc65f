using System.Net;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>The <c>df2</c> cluster commands against a real localhost df2-silo process, the sweep pages and their token.</summary>
public class ClientCommandTests
{
    [Fact]
    public void Submitted_sweep_gives_the_same_table_as_df2_run()
    {
        var dir = Paths.TempDir("same");
        var spec = TinySpecs.Write(dir, "tiny.yaml", TinySpecs.Real);
        var (runCode, runOut) = Cli(null, "run", spec, "--workers", "2", "--out", Path.Combine(dir, "local"));
        Assert.True(runCode == 0, runOut);
        var localTable = File.ReadAllText(Path.Combine(dir, "local", "table.md"));

        using var silo = StartLocal(Path.Combine(dir, "silo"), "learning");
        var env = LocalClient(silo);
        var (subCode, subOut) = Cli(env, "submit", spec);
        Assert.True(subCode == 0, subOut);
        var sweepId = subOut.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        var (watchCode, watchOut) = Cli(env, "watch", sweepId);
        Assert.True(watchCode == 0, watchOut + silo.Process.Output);
        var (tableCode, table) = Cli(env, "table", sweepId, "--format", "md");
        Assert.Equal(0, tableCode);
        Assert.Equal(localTable.Trim(), table.Trim());
        var (_, workers) = Cli(env, "workers");
        Assert.Equal(2, workers.Split('\n').Count(l => l.Contains($":{silo.SiloPort}/cpu#")));
        Assert.Contains("\\begin{tabular}", Cli(env, "table", sweepId, "--format", "latex").Out);
        Assert.Contains("done=6", Cli(env, "status").Out);
        Assert.Contains("already submitted", Cli(env, "submit", spec).Out);

        // df2 results writes the cluster sweep's outputs as df2 run does: the same regrets to every digit
        Assert.Equal(0, Cli(env, "results", sweepId, "--out", Path.Combine(dir, "cluster")).Code);
        static Dictionary<string, string> Regrets(string file) => File.ReadAllLines(file).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(c => c[^1], c => c[6]);
        var local = Regrets(Path.Combine(dir, "local", "results.csv"));
        Assert.Equal(6, local.Count);
        Assert.Equal(local, Regrets(Path.Combine(dir, "cluster", "results.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "cluster", "metrics.csv")) && File.Exists(Path.Combine(dir, "cluster", "plot.svg")));
    }

    [Fact]
    public async Task Bad_specs_are_refused_before_anything_is_stored_and_cancel_needs_the_token()
    {
        var dir = Paths.TempDir("refuse");
        using var silo = StartLocal(Path.Combine(dir, "silo"), "spin", devices: "cpu:1");
        var env = LocalClient(silo);
        var bad = TinySpecs.Write(dir, "bad.yaml", TinySpecs.Real.Replace("policy-net", "polciy-net"));
        var (code, err) = Cli(env, "submit", bad);
        Assert.Equal(1, code);
        Assert.Contains("bad.yaml:10:5: methods[1]: unknown method 'polciy-net'", err);
        Assert.Single(err.Trim().Split('\n'));
        (code, err) = Cli(env, "submit", TinySpecs.Write(dir, "broken.yaml", "name: x\nseeds: [0, 1\n"));
        Assert.Equal(1, code);
        Assert.Contains("broken.yaml:", err);
        Assert.DoesNotContain("total=", Cli(env, "status").Out);

        (code, err) = Cli(env, "submit", TinySpecs.Write(dir, "long.yaml", TinySpecs.Spin("long", cells: 3, epochs: 50, spinMs: 200)), "--executor", "spin");
        Assert.True(code == 0, err);
        var sweepId = err.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        using var http = new HttpClient { BaseAddress = new Uri(silo.Url) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/api/sweeps/{sweepId}/cancel", null)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/api/sweeps/{sweepId}/cancel", null)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        var cancelled = await http.PostAsync($"/api/sweeps/{sweepId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains("\"cancelled\":3", await cancelled.Content.ReadAsStringAsync());
        Assert.Contains("0 cells cancelled", Cli(env, "cancel", sweepId).Out);
        Assert.Contains("cancelled", Cli(env, "status", sweepId).Out);
        // pages of cells: the route and df2 status take a page, a size and a status
        var page = await http.GetAsync($"/api/sweeps/{sweepId}/cells?page=1&size=2&status=cancelled");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(("3", "2"), (page.Headers.GetValues("X-Total-Count").Single(), page.Headers.GetValues("X-Pages").Single()));
        Assert.Single((await page.Content.ReadAsStringAsync()).Split("\"sweepId\"").Skip(1));
        Assert.Equal("0", (await http.GetAsync($"/api/sweeps/{sweepId}/cells?status=done")).Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/sweeps/{sweepId}/cells?status=sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/sweeps/{sweepId}/cells?size=0")).StatusCode);
        var statusPage = Cli(env, "status", sweepId, "--size", "2", "--page", "1", "--status", "cancelled").Out;
        Assert.Single(statusPage.Split('\n'), l => l.StartsWith("cancelled"));
        Assert.Contains("page 1 of 2 (3 matching of 3 cells", statusPage);
        Assert.Equal(1, Cli(env, "table", "no-such-sweep").Code);
        Assert.Contains("df2 cluster", await http.GetStringAsync("/"));
        Assert.Contains(sweepId, await http.GetStringAsync("/api/sweeps"));
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard")).StatusCode);
        Assert.DoesNotContain(Token, silo.Process.Output);
    }

    [Fact]
    public void Df2_run_rejects_a_malformed_spec_before_any_cell_runs()
    {
        var dir = Paths.TempDir("runbad");
        var spec = TinySpecs.Write(dir, "bad.yaml", TinySpecs.Real.Replace("S: 20", "S: twenty"));
        var (code, output) = Cli(null, "run", spec, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:9:18: methods[0].params.S:", output);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}

/// <summary><c>df2 data export</c> goes through the learning core's DataExport and reports a bad task as one error.</summary>
public class DataExportCommandTests
{
    [Fact]
    public void Exports_csv_and_rejects_an_unknown_task()
    {
        var dir = Paths.TempDir("export");
        var csv = Path.Combine(dir, "d.csv");
        Assert.Equal(0, Cli(null, "data", "export", "synthetic-convex", "--data-seed", "3", "--out", csv).Code);
        var lines = File.ReadAllLines(csv);
        Assert.True(lines.Length > 100);
        Assert.Contains("split", lines[0]);
        var bad = Path.Combine(dir, "bad.csv");
        var (code, output) = Cli(null, "data", "export", "no-such-task", "--out", bad);
        Assert.Equal(2, code);
        Assert.Contains("no-such-task", output);
        Assert.False(File.Exists(bad));
    }
}
