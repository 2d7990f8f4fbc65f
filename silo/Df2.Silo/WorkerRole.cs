using System.Runtime.InteropServices;
using Df2.Grains;

namespace Df2.Silo.Host;

/// <summary>
/// Worker role: one per device slot. Talks only to the API (bearer token). On SIGTERM/SIGINT it drains:
/// stops leasing, lets the running cell stop at its epoch checkpoint, returns the lease, exits 0.
/// </summary>
public static class WorkerRole
{
    public static readonly IReadOnlySet<string> Options = new HashSet<string> { "api", "token", "device", "name", "executor", "heartbeat-ms", "idle-ms" };

    public static async Task<int> RunAsync(SiloArgs a)
    {
        var api = a.Require("api");
        var token = a.Require("token");
        var device = a.Get("device") ?? "cpu";
        var name = a.Get("name") ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var executor = CellExecutors.ByName(a.Get("executor") ?? "learning");
        var heartbeat = TimeSpan.FromMilliseconds(a.Int("heartbeat-ms", 2000));
        var idle = TimeSpan.FromMilliseconds(a.Int("idle-ms", 500));
        using var drain = new CancellationTokenSource();
        void Drain(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            Console.WriteLine($"{name}: draining (signal {ctx.Signal})");
            drain.Cancel();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Drain);
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, Drain);
        using var client = new ApiClient(api, token);
        var loop = new WorkerLoop(client, executor, name, device, heartbeat, idle, log: m => Console.WriteLine(m));
        Console.WriteLine($"{name}: worker on {device} ({executor.Name} executor) → {api}");
        await loop.RunAsync(drain.Token);
        Console.WriteLine($"{name}: stopped after {loop.Completed} completed, {loop.Failed} failed");
        return 0;
    }
}
