using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Df2.SchedulerBench;

/// <summary>Starts the API role and worker processes of the built df2-silo on loopback.</summary>
public sealed class Processes : IDisposable
{
    public const string Token = "bench-token";
    private readonly List<Process> _all = [];
    private readonly string _dll;

    public Processes()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Df2Cluster.sln"))) dir = dir.Parent;
        _dll = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repo root not found"), "silo", "Df2.Silo", "bin", "Release", "net10.0", "df2-silo.dll");
        if (!File.Exists(_dll)) throw new FileNotFoundException("build silo/Df2.Silo in Release first", _dll);
    }

    public string Url { get; private set; } = "";

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // DF2_BENCH_WORKER_CORES=1 pins each worker's runtime to one core (DOTNET_PROCESSOR_COUNT), so k workers use k cores.
        if (args[0] == "worker" && Environment.GetEnvironmentVariable("DF2_BENCH_WORKER_CORES") is { Length: > 0 } cores)
            psi.Environment["DOTNET_PROCESSOR_COUNT"] = cores;
        psi.ArgumentList.Add(_dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"  [{args[0]}] {e.Data}"); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _all.Add(p);
        return p;
    }

    public void StartApi(string store, string executor)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        Url = $"http://127.0.0.1:{port}";
        Start("api", "--store", store, "--token", Token, "--urls", Url, "--executor", executor, "--lease-seconds", "60");
        using var http = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try { if (http.GetAsync(Url + "/readyz").Result.IsSuccessStatusCode) return; }
            catch (AggregateException) { }
            Thread.Sleep(100);
        }
        throw new TimeoutException("API not ready");
    }

    public void StartWorker(string name, string executor) =>
        Start("worker", "--api", Url, "--token", Token, "--name", name, "--executor", executor, "--idle-ms", "20", "--heartbeat-ms", "2000");

    public void Dispose()
    {
        foreach (var p in _all)
        {
            try { if (!p.HasExited) p.Kill(); p.WaitForExit(5000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
    }
}
