using Azure.Data.Tables;
using Df2.GrainInterfaces;
using System.Net.Http.Json;
using Xunit.Abstractions;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>
/// Membership on saturated nodes (issue 21, item 3): two df2-silo processes over Azurite, two training slots each (four
/// df2-worker children training real DF2 cells on this machine's cores), for DF2_SATURATION_MINUTES minutes (default 3;
/// docs/reliability.md quotes 20-minute runs). Every two seconds the membership table (Azure Table OrleansSiloInstances) is
/// read: no live silo may be declared dead, and the suspicions (a silo's missed probes turned into a vote) are counted.
/// Then one silo is killed with SIGKILL and the seconds until the table marks it dead are measured. The membership options
/// are the silos' defaults unless DF2_PROBE_TIMEOUT_MS / DF2_MISSED_PROBES are set in this process's environment (the
/// silo processes inherit it), which is how the rejected settings were measured.
/// </summary>
public class MembershipSaturationTests(ITestOutputHelper output)
{

    private static double Minutes => Environment.GetEnvironmentVariable("DF2_SATURATION_MINUTES") is { Length: > 0 } m
        ? double.Parse(m, System.Globalization.CultureInfo.InvariantCulture) : 3;

    /// <summary>Real DF2 cells long enough to keep every slot training for the whole run (cancelled at its end).</summary>
    private static string Spec(string name) => $"""
        name: {name}
        seeds: [{string.Join(", ", Enumerable.Range(0, 64))}]
        defaults: {"{"} epochs: 400 {"}"}
        tasks: [synthetic-convex]
        methods:
          - name: df2
            params: {"{"} S: 200, J: 20 {"}"}
        """;

    /// <summary>One silo's row of the membership table: its silo port, status ("Active", "Dead", …) and how many suspicions it holds.</summary>
    private sealed record Row(int Port, string Status, int Suspicions);

    private static async Task<List<Row>> Membership(TableClient table, string cluster)
    {
        var rows = new List<Row>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq '{cluster}'"))
        {
            if (e.GetString("Port") is not { } port) continue;   // the version row
            var suspecting = e.GetString("SuspectingTimes") ?? "";
            rows.Add(new Row(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), e.GetString("Status") ?? "",
                suspecting.Length == 0 ? 0 : suspecting.Split('|', StringSplitOptions.RemoveEmptyEntries).Length));
        }
        return rows;
    }

    private static double LoadAverage() => File.Exists("/proc/loadavg")
        ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : double.NaN;

    [AzuriteFact]
    public async Task Saturated_silos_are_never_declared_dead_and_a_killed_one_is()
    {
        var cluster = $"sat-{Guid.NewGuid():N}"[..20];
        var table = new TableServiceClient(AzuriteFactAttribute.Connection).GetTableClient("OrleansSiloInstances");
        var silos = StartAzure(cluster, 2, "learning", "cpu:2");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var dir = Paths.TempDir("saturation");
            var (code, submitted) = Cli(AzureClient(cluster), "submit", TinySpecs.Write(dir, "saturation.yaml", Spec(cluster)));
            Assert.True(code == 0, submitted);
            var sweepId = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            var ports = silos.Select(s => s.SiloPort).ToHashSet();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var loads = new List<double>();
            var maxSuspicions = 0;
            var falseDeaths = new List<string>();
            var epochsAtStart = -1;
            while (clock.Elapsed < TimeSpan.FromMinutes(Minutes))
            {
                foreach (var row in await Membership(table, cluster))
                {
                    maxSuspicions = Math.Max(maxSuspicions, row.Suspicions);
                    var live = silos.SingleOrDefault(s => s.SiloPort == row.Port) is { Process.Exited: false };
                    if (row.Status == "Dead" && live && !falseDeaths.Contains($"{row.Port}"))
                        falseDeaths.Add($"{row.Port}");
                }
                Assert.True(silos.All(s => !s.Process.Exited), $"a silo stopped at {clock.Elapsed.TotalSeconds:F0} s:\n" +
                    string.Join("\n---\n", silos.Where(s => s.Process.Exited).Select(s => s.Process.Output)));
                loads.Add(LoadAverage());
                if (epochsAtStart < 0 && clock.Elapsed > TimeSpan.FromSeconds(20)) epochsAtStart = await Epochs(http, silos[0], sweepId);
                await Task.Delay(2000);
            }
            var epochs = await Epochs(http, silos[0], sweepId) - Math.Max(0, epochsAtStart);
            // kill -9 one silo: seconds until the membership table says Dead
            var victim = silos[1];
            victim.Process.Kill();
            var killed = System.Diagnostics.Stopwatch.StartNew();
            await Wait.Until(() => Membership(table, cluster), rows => rows.Any(r => r.Port == victim.SiloPort && r.Status == "Dead"),
                TimeSpan.FromSeconds(120), "the killed silo declared dead", () => silos[0].Process.Output);
            var detection = killed.Elapsed.TotalSeconds;
            Assert.False(silos[0].Process.Exited, silos[0].Process.Output);
            Cli(AzureClient(cluster), "cancel", sweepId);
            var line = $"saturation cluster={cluster} minutes={Minutes:F0} probe-timeout-ms={Environment.GetEnvironmentVariable("DF2_PROBE_TIMEOUT_MS") ?? "default"} " +
                       $"missed-probes={Environment.GetEnvironmentVariable("DF2_MISSED_PROBES") ?? "default"} silos=2 slots=4 epochs-trained={epochs} " +
                       $"load-1min min/mean/max={loads.Min():F1}/{loads.Average():F1}/{loads.Max():F1} false-deaths={falseDeaths.Count} " +
                       $"max-suspicions={maxSuspicions} kill-9-detected-s={detection:F1}";
            output.WriteLine(line);
            Reliability.Audit(line);
            Assert.Empty(falseDeaths);
            Assert.True(epochs > 0, $"no epoch trained during the run: the cores were not saturated by training ({line})");
        }
        finally
        {
            foreach (var s in silos) s.Dispose();
        }
    }

    /// <summary>Epochs trained so far by the sweep's cells (every recorded loss), as a silo's HTTP route reports them.</summary>
    private static async Task<int> Epochs(HttpClient http, SiloProcess silo, string sweepId)
    {
        var cells = await Wait.Until(() => http.GetFromJsonAsync<List<CellView>>($"{silo.Url}/api/sweeps/{sweepId}/cells?size=1000", Json)!,
            c => c is not null, TimeSpan.FromSeconds(60), "the sweep's cells");
        return cells!.Sum(c => c.Losses.Length);
    }
}
