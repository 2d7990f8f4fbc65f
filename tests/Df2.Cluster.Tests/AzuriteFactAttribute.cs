using System.Net.Sockets;

namespace Df2.Cluster.Tests;

/// <summary>
/// A test that needs Azurite on 127.0.0.1:10000–10002 (`.ci/run` starts it), or at the connection string in
/// DF2_AZURITE (an Azurite on other ports). Skipped with the reason when Azurite is not listening, unless
/// DF2_REQUIRE_AZURITE=1 (set by `.ci/run`), where the test runs and fails loudly.
/// </summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public static string Connection { get; } = Environment.GetEnvironmentVariable("DF2_AZURITE") is { Length: > 0 } c ? c : "UseDevelopmentStorage=true";

    /// <summary>The table endpoint's port: 10002, or the TableEndpoint's port in DF2_AZURITE.</summary>
    public static int TablePort { get; } = Connection.Split(';').FirstOrDefault(p => p.StartsWith("TableEndpoint=", StringComparison.OrdinalIgnoreCase)) is { } t
        ? new Uri(t["TableEndpoint=".Length..]).Port : 10002;

    public AzuriteFactAttribute()
    {
        if (!Listening() && Environment.GetEnvironmentVariable("DF2_REQUIRE_AZURITE") != "1")
            Skip = $"Azurite is not listening on 127.0.0.1:{TablePort} (start it, or run .ci/run)";
    }

    public static bool Listening()
    {
        try
        {
            using var c = new TcpClient();
            return c.ConnectAsync("127.0.0.1", TablePort).Wait(TimeSpan.FromSeconds(1)) && c.Connected;
        }
        catch (AggregateException) { return false; }
        catch (SocketException) { return false; }
    }
}
