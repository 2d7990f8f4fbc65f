using Df2.Silo.Core;
using Df2.TestSupport;

namespace Df2.SchedulerBench;

/// <summary>
/// N df2-silo processes of one cluster over Azurite (UseDevelopmentStorage=true, or the connection string in DF2_AZURITE),
/// each with its slots, without TLS (--insecure: a local benchmark), started by the tests' launcher
/// (<see cref="SiloLauncher"/>); killed on dispose.
/// </summary>
public sealed class SiloFleet : IDisposable
{
    public static readonly string Storage = Environment.GetEnvironmentVariable("DF2_AZURITE") is { Length: > 0 } c ? c : "UseDevelopmentStorage=true";
    private readonly List<SiloProcess> _silos = [];

    public string ClusterId { get; } = "bench-" + Guid.NewGuid().ToString("N")[..8];

    public SiloFleet(int silos, string executor, string devices)
    {
        try
        {
            for (var i = 0; i < silos; i++)
                _silos.Add(SiloLauncher.Start(new Dictionary<string, string> { ["DF2_STORAGE"] = Storage }, executor, devices, ClusterId, more: "--insecure"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Each silo's exit state and output so far (for a failed row).</summary>
    public string Logs() => string.Join("\n", _silos.Select((s, i) => $"=== silo {i + 1}: {(s.Process.Exited ? "exited" : "running")}\n{s.Process.Output}"));

    public ClusterSettings Client => new() { StorageConnection = Storage, ClusterId = ClusterId, Insecure = true };

    public void Dispose()
    {
        foreach (var s in _silos) s.Dispose();
        _silos.Clear();
    }
}
