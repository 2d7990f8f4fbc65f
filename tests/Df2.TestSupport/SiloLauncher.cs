using Df2.Silo.Core;

namespace Df2.TestSupport;

/// <summary>A df2-silo child process with the ports it was given.</summary>
public sealed record SiloProcess(ChildProcess Process, int SiloPort, int GatewayPort, int HttpPort) : IDisposable
{
    public string Url => $"http://127.0.0.1:{HttpPort}";

    public void Dispose() => Process.Dispose();
}

/// <summary>
/// Starts one df2-silo child on loopback ports (free ones unless given) and waits until its /readyz answers: the one
/// launcher of the cluster tests (SiloProcesses) and of the scheduler benchmark's fleets.
/// </summary>
public static class SiloLauncher
{
    public static SiloProcess Start(IReadOnlyDictionary<string, string> env, string executor, string devices, string clusterId,
        int? gatewayPort = null, int? siloPort = null, params string[] more)
    {
        var (silo, gateway, http) = (siloPort ?? FreePorts.Next(), gatewayPort ?? FreePorts.Next(), FreePorts.Next());
        var p = new ChildProcess(Paths.SiloDll, env, ["--silo-port", silo.ToString(), "--gateway-port", gateway.ToString(), "--http-port", http.ToString(),
            "--devices", devices, "--executor", executor, "--cluster-id", clusterId, .. more]);
        var s = new SiloProcess(p, silo, gateway, http);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = System.Diagnostics.Stopwatch.StartNew();   // monotonic: a wall-clock step must not end the wait
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (p.Exited) throw new InvalidOperationException($"df2-silo exited:\n{p.Output}");
            try
            {
                if (client.GetAsync($"{s.Url}/readyz").Result.IsSuccessStatusCode) return s;
            }
            catch (AggregateException) { }
            Thread.Sleep(200);
        }
        p.Dispose();
        throw new TimeoutException($"df2-silo not ready in 90 s:\n{p.Output}");
    }
}
