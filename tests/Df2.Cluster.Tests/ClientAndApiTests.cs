using System.Net;
using System.Net.Http.Json;
using Df2.GrainInterfaces;
using Df2.Silo;

namespace Df2.Cluster.Tests;

/// <summary>The <c>df2</c> client against a real API + two workers, and the API's refusals.</summary>
public class ClientAndApiTests
{
    private static (int Code, string Out) Df2(params string[] args)
    {
        using var p = new ChildProcess(Paths.ClientDll, args);
        var code = p.WaitForExit(TimeSpan.FromMinutes(4));
        return (code, p.Output);
    }

    [Fact]
    public async Task Submitted_sweep_on_two_workers_gives_the_same_table_as_df2_run()
    {
        var dir = Paths.TempDir("same");
        var spec = TinySpecs.Write(dir, "tiny.yaml", TinySpecs.Real);
        var (runCode, runOut) = Df2("run", spec, "--workers", "2", "--out", Path.Combine(dir, "local"));
        Assert.True(runCode == 0, runOut);
        var localTable = File.ReadAllText(Path.Combine(dir, "local", "table.md"));

        var port = Silo.FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var api = Silo.StartApi(Path.Combine(dir, "silo.db"), port, "learning", leaseSeconds: 30);
        using var w0 = Silo.StartWorker(port, "gpu-less-0", "learning");
        using var w1 = Silo.StartWorker(port, "gpu-less-1", "learning");
        var (subCode, subOut) = Df2("submit", spec, "--silo", url, "--token", Silo.Token);
        Assert.True(subCode == 0, subOut);
        var sweepId = subOut.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        var (watchCode, watchOut) = Df2("watch", sweepId, "--silo", url);
        Assert.True(watchCode == 0, watchOut + api.Output + w0.Output);
        var (tableCode, table) = Df2("table", sweepId, "--silo", url, "--format", "md");
        Assert.Equal(0, tableCode);
        Assert.Equal(localTable.Trim(), table.Trim());
        var (_, workers) = Df2("workers", "--silo", url);
        Assert.Contains("gpu-less-0", workers);
        Assert.Contains("gpu-less-1", workers);
        var (_, latex) = Df2("table", sweepId, "--silo", url, "--format", "latex");
        Assert.Contains("\\begin{tabular}", latex);
        var (_, status) = Df2("status", "--silo", url);
        Assert.Contains("done=6", status);
    }

    [Fact]
    public async Task Wrong_token_and_malformed_specs_are_refused_with_one_clear_error_and_nothing_written()
    {
        var dir = Paths.TempDir("refuse");
        var port = Silo.FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var api = Silo.StartApi(Path.Combine(dir, "silo.db"), port, "learning");
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var body = new SubmitRequest(TinySpecs.Real, "tiny.yaml");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/sweeps", body)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/sweeps", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/lease", new LeaseRequest("w", "cpu"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/sweeps/x/cancel", null)).StatusCode);

        var (code, err) = Df2("submit", TinySpecs.Write(dir, "tiny.yaml", TinySpecs.Real), "--silo", url, "--token", "wrong");
        Assert.Equal(1, code);
        Assert.Contains("401", err);
        var bad = TinySpecs.Write(dir, "bad.yaml", TinySpecs.Real.Replace("policy-net", "polciy-net"));
        (code, err) = Df2("submit", bad, "--silo", url, "--token", Silo.Token);
        Assert.Equal(1, code);
        Assert.Contains("bad.yaml:10:5: methods[1]: unknown method 'polciy-net'", err);
        Assert.Single(err.Trim().Split('\n'));
        var yamlError = TinySpecs.Write(dir, "broken.yaml", "name: x\nseeds: [0, 1\n");
        (code, err) = Df2("submit", yamlError, "--silo", url, "--token", Silo.Token);
        Assert.Equal(1, code);
        Assert.Contains("broken.yaml:", err);

        using var client = new ApiClient(url, Silo.Token);
        Assert.Empty(await client.SweepsAsync());

        // a valid sweep with no workers, then cancelled from the client
        (code, err) = Df2("submit", TinySpecs.Write(dir, "ok.yaml", TinySpecs.Real), "--silo", url, "--token", Silo.Token);
        Assert.Equal(0, code);
        var sweepId = err.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        (code, err) = Df2("cancel", sweepId, "--silo", url, "--token", Silo.Token);
        Assert.Equal(0, code);
        Assert.Contains("6 cells cancelled", err);
        Assert.All(await client.CellsAsync(sweepId), c => Assert.Equal("cancelled", c.State));
        (code, err) = Df2("status", sweepId, "--silo", url);
        Assert.Contains("cancelled", err);
        Assert.Contains("df2 silo", await client.GetText("/"));
        Assert.Contains("\"sweeps\"", await client.GetText("/api/status"));
        Assert.Equal("ok", await client.GetText("/healthz"));
    }

    [Fact]
    public void Df2_run_rejects_a_malformed_spec_before_any_cell_runs()
    {
        var dir = Paths.TempDir("runbad");
        var spec = TinySpecs.Write(dir, "bad.yaml", TinySpecs.Real.Replace("S: 20", "S: twenty"));
        var (code, output) = Df2("run", spec, "--out", Path.Combine(dir, "out"));
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
        using (var p = new ChildProcess(Paths.ClientDll, "data", "export", "synthetic-convex", "--data-seed", "3", "--out", csv))
            Assert.Equal(0, p.WaitForExit(TimeSpan.FromMinutes(1)));
        var lines = File.ReadAllLines(csv);
        Assert.True(lines.Length > 100);
        Assert.Contains("split", lines[0]);
        var bad = Path.Combine(dir, "bad.csv");
        using var q = new ChildProcess(Paths.ClientDll, "data", "export", "no-such-task", "--out", bad);
        Assert.Equal(2, q.WaitForExit(TimeSpan.FromMinutes(1)));
        Assert.Contains("no-such-task", q.Output);
        Assert.False(File.Exists(bad));
    }
}
