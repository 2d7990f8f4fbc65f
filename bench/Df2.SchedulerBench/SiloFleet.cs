using System.Diagnostics;
using Df2.Silo.Core;

namespace Df2.SchedulerBench;

/// <summary>N df2-silo processes of one cluster over Azurite (UseDevelopmentStorage=true, or the connection string in DF2_AZURITE), each with its slots, without TLS (--insecure: a local benchmark); killed on dispose.</summary>
public sealed class SiloFleet : IDisposable
{
    public static readonly string Storage = Environment.GetEnvironmentVariable("DF2_AZURITE") is { Length: > 0 } c ? c : "UseDevelopmentStorage=true";
    private readonly List<Process> _procs = [];
    private readonly List<System.Text.StringBuilder> _logs = [];

    public string ClusterId { get; } = "bench-" + Guid.NewGuid().ToString("N")[..8];

    public SiloFleet(int silos, string executor, string devices)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "silo", "Df2.Silo", "bin", "Release", "net10.0", "df2-silo.dll");
        var ready = new List<int>();
        for (var i = 0; i < silos; i++)
        {
            var http = FreePorts.Next();
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.GetFullPath(dll), "--silo-port", FreePorts.Next().ToString(), "--gateway-port", FreePorts.Next().ToString(),
                         "--http-port", http.ToString(), "--devices", devices, "--executor", executor, "--cluster-id", ClusterId, "--insecure" })
                psi.ArgumentList.Add(a);
            psi.Environment["DF2_STORAGE"] = Storage;
            psi.Environment["DOTNET_gcServer"] = "0";
            var p = Process.Start(psi)!;
            var log = new System.Text.StringBuilder();
            p.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            _logs.Add(log);
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            _procs.Add(p);
            ready.Add(http);
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var port in ready)
        {
            var until = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                try { if (client.GetAsync($"http://127.0.0.1:{port}/readyz").Result.IsSuccessStatusCode) break; }
                catch (AggregateException) { }
                if (DateTime.UtcNow > until) throw new TimeoutException("silo not ready");
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>Each silo's exit state and output so far (for a failed row).</summary>
    public string Logs() => string.Join("\n", _procs.Select((p, i) =>
    {
        lock (_logs[i]) return $"=== silo {i + 1}: {(p.HasExited ? $"exited {p.ExitCode}" : "running")}\n{_logs[i]}";
    }));

    public ClusterSettings Client => new() { StorageConnection = Storage, ClusterId = ClusterId, Insecure = true };

    public void Dispose()
    {
        foreach (var p in _procs)
        {
            try { p.Kill(); p.WaitForExit(10_000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
    }
}
