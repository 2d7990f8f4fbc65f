using System.Diagnostics;
using System.Text;

namespace Df2.TestSupport;

/// <summary>A real child process (<c>dotnet df2-silo.dll ...</c> or <c>dotnet df2.dll ...</c>) with captured output; killed with SIGKILL on request.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _out = new();

    public ChildProcess(string dll, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
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
