using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Df2.Cluster.Tests;

/// <summary>A real child process (<c>dotnet df2-silo.dll ...</c> or <c>dotnet df2.dll ...</c>) with captured output; killed with SIGKILL on request.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new();

    public ChildProcess(string dll, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";
        _p = Process.Start(psi)!;
        _p.OutputDataReceived += (_, e) => { lock (_out) _out.AppendLine(e.Data); };
        _p.ErrorDataReceived += (_, e) => { lock (_out) _out.AppendLine(e.Data); };
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    public string Output { get { lock (_out) return _out.ToString(); } }

    public bool Exited => _p.HasExited;

    public int Id => _p.Id;

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (!_p.HasExited) _p.Kill();
        _p.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, then wait for a graceful exit.</summary>
    public bool Terminate(TimeSpan wait)
    {
        if (_p.HasExited) return true;
        Process.Start("kill", ["-TERM", _p.Id.ToString()])!.WaitForExit();
        return _p.WaitForExit(wait);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_p.WaitForExit(timeout)) { Kill(); throw new TimeoutException($"process did not exit in {timeout}:\n{Output}"); }
        _p.WaitForExit();
        return _p.ExitCode;
    }

    public void Dispose()
    {
        try { Kill(); } catch (InvalidOperationException) { }
        _p.Dispose();
    }
}

/// <summary>Starts an API role and workers on loopback.</summary>
public static class Silo
{
    public const string Token = "test-token-123";

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static ChildProcess StartApi(string store, int port, string executor, int leaseSeconds = 3, int maxRetries = 50)
    {
        var api = new ChildProcess(Paths.SiloDll, "api", "--store", store, "--token", Token, "--urls", $"http://127.0.0.1:{port}",
            "--lease-seconds", leaseSeconds.ToString(), "--max-retries", maxRetries.ToString(), "--executor", executor);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (api.Exited) throw new InvalidOperationException($"API exited:\n{api.Output}");
            try
            {
                if (http.GetAsync($"http://127.0.0.1:{port}/readyz").Result.IsSuccessStatusCode) return api;
            }
            catch (AggregateException) { }
            Thread.Sleep(100);
        }
        api.Dispose();
        throw new TimeoutException("API not ready in 60 s");
    }

    public static ChildProcess StartWorker(int port, string name, string executor, int heartbeatMs = 300) =>
        new(Paths.SiloDll, "worker", "--api", $"http://127.0.0.1:{port}", "--token", Token, "--name", name, "--executor", executor,
            "--heartbeat-ms", heartbeatMs.ToString(), "--idle-ms", "100");
}
