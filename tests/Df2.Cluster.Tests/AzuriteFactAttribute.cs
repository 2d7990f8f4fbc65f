using System.Net.Sockets;

namespace Df2.Cluster.Tests;

/// <summary>
/// A test that needs Azurite on 127.0.0.1:10000–10002 (`.ci/run` starts it). Skipped with the reason when Azurite
/// is not listening, unless DF2_REQUIRE_AZURITE=1 (set by `.ci/run`), where the test runs and fails loudly.
/// </summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public const string Connection = "UseDevelopmentStorage=true";

    public AzuriteFactAttribute()
    {
        if (!Listening() && Environment.GetEnvironmentVariable("DF2_REQUIRE_AZURITE") != "1")
            Skip = "Azurite is not listening on 127.0.0.1:10002 (start it, or run .ci/run)";
    }

    /// <summary>
    /// A kill/drain fault run over Azurite: opt-in with DF2_FAULT_TESTS=1. On this 2-core machine shared by several
    /// builds (load average 20–30) the survivor sometimes kept routing to the killed silo for minutes, so these runs are
    /// not yet part of the default suite (docs/reliability.md).
    /// </summary>
    public bool Faults
    {
        get => _faults;
        set
        {
            _faults = value;
            if (value && Skip is null && Environment.GetEnvironmentVariable("DF2_FAULT_TESTS") != "1")
                Skip = "fault runs over Azurite are opt-in: DF2_FAULT_TESTS=1";
        }
    }

    private bool _faults;

    public static bool Listening()
    {
        try
        {
            using var c = new TcpClient();
            return c.ConnectAsync("127.0.0.1", 10002).Wait(TimeSpan.FromSeconds(1)) && c.Connected;
        }
        catch (AggregateException) { return false; }
        catch (SocketException) { return false; }
    }
}
