using System.Diagnostics;

namespace Df2.Grains.Worker;

/// <summary>
/// The parent's handle on one df2-worker child: its pipes, a stall watchdog (a child silent for the stall timeout while the
/// parent waits for it is killed) and, once its output closed, what happened to it (exit code or signal).
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    /// <summary>
    /// How long a child may take to start (runtime, libtorch, JIT) before it says <see cref="ReadyMessage"/>: apart from
    /// the stall timeout, which may be short, because a start on a loaded machine takes seconds.
    /// </summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly TimeSpan _stall;
    private readonly Timer _watchdog;
    private volatile bool _stalled;

    private WorkerProcess(Process process, TimeSpan stall)
    {
        _process = process;
        _input = process.StandardInput.BaseStream;
        _output = process.StandardOutput.BaseStream;
        _stall = stall;
        _watchdog = new Timer(_ => { _stalled = true; Kill(); });
    }

    /// <summary>
    /// Starts a child for <paramref name="cudaIndex"/> (its only visible GPU) or for the CPU (null) and waits until it is
    /// ready; a child that dies or hangs on the way fails the unit that needed it, as retryable.
    /// </summary>
    public static WorkerProcess Start(WorkerOptions options, int? cudaIndex)
    {
        var start = new ProcessStartInfo(WorkerExecutable.Dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false, // stderr is the host's: the child's rare lines (a FailFast message) land in its log
        };
        foreach (var a in new[] { WorkerExecutable.Dll, "--executor", options.Executor, "--threads", options.Threads.ToString() })
            start.ArgumentList.Add(a);
        if (cudaIndex is { } gpu) start.Environment["CUDA_VISIBLE_DEVICES"] = gpu.ToString();
        start.Environment["DF2_WORKER_PARENT"] = Environment.ProcessId.ToString();
        var process = SpawnThread.Start(start);
        // The silo (membership probes, grain calls, HTTP) comes before training on a saturated node: the child runs at a
        // lower scheduling priority (Linux nice +10), which only matters when the two compete for a core.
        try { process.PriorityClass = ProcessPriorityClass.BelowNormal; }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException) { } // it already died: Receive says why
        var child = new WorkerProcess(process, options.StallTimeout);
        switch (child.Receive(StartupTimeout))
        {
            case ReadyMessage:
                return child;
            case null:
                var fault = child.Fault(StartupTimeout);
                child.Dispose();
                throw new WorkerFaultException($"{fault} while starting", permanent: false);
            case var other:
                child.Dispose();
                throw new InvalidDataException($"df2-worker said {other.GetType().Name} before it was ready");
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>A write to a child that died is dropped: the next <see cref="Receive"/> sees its end and says why.</summary>
    public void Send(WorkerMessage message)
    {
        try { WorkerFrames.Write(_input, message); }
        catch (IOException) { }
    }

    /// <summary>The child's next message, or null when it died, was killed or stalled (then <see cref="Fault"/> says which).</summary>
    public WorkerMessage? Receive() => Receive(_stall);

    private WorkerMessage? Receive(TimeSpan timeout)
    {
        _watchdog.Change(timeout, Timeout.InfiniteTimeSpan);
        try { return WorkerFrames.Read(_output); }
        finally { _watchdog.Change(Timeout.Infinite, Timeout.Infinite); }
    }

    public void Kill()
    {
        try { _process.Kill(); }
        catch (InvalidOperationException) { } // already gone
    }

    /// <summary>Why the child's output ended: a stall, a signal or an exit code.</summary>
    public string Fault() => Fault(_stall);

    private string Fault(TimeSpan timeout)
    {
        if (_stalled) return $"worker process stalled: no message for {timeout.TotalSeconds:0.#} s (killed)";
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            Kill();
            _process.WaitForExit();
            return "worker process closed its output but did not exit (killed)";
        }
        return ExitText(_process.ExitCode);
    }

    /// <summary>.NET reports a child killed by signal N as exit code 128 + N.</summary>
    internal static string ExitText(int code) => code is > 128 and < 160
        ? $"worker process died: signal {code - 128} ({SignalName(code - 128)})"
        : $"worker process exited with code {code}";

    private static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 4 => "SIGILL", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE", 9 => "SIGKILL",
        11 => "SIGSEGV", 13 => "SIGPIPE", 15 => "SIGTERM",
        _ => "unnamed",
    };

    public void Dispose()
    {
        Kill();
        _process.WaitForExit();
        _watchdog.Dispose();
        _process.Dispose();
    }
}
