using System.CommandLine;
using Df2.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Df2.Client;

/// <summary>
/// How the cluster commands reach the cluster: with an Azure Storage connection string (env DF2_STORAGE, or
/// <c>--storage</c>; "UseDevelopmentStorage=true" for Azurite) the gateways come from the membership table;
/// without one, a localhost silo's gateway port (<c>--gateway-port</c>, env DF2_GATEWAY_PORT, default 30000).
/// </summary>
public sealed class ClusterOptions
{
    public Option<string?> Storage { get; } = new("--storage") { Description = "Azure Storage connection string (default: env DF2_STORAGE)" };

    public Option<int> GatewayPort { get; } = new("--gateway-port")
    {
        Description = "gateway port of a localhost silo (env DF2_GATEWAY_PORT)",
        DefaultValueFactory = _ => int.TryParse(Environment.GetEnvironmentVariable("DF2_GATEWAY_PORT"), out var p) ? p : 30000,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "cluster id (env DF2_CLUSTER_ID)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DF2_CLUSTER_ID") ?? "df2",
    };

    public void AddTo(Command c)
    {
        c.Options.Add(Storage);
        c.Options.Add(GatewayPort);
        c.Options.Add(ClusterId);
    }

    public ClusterSettings Settings(ParseResult pr) => new()
    {
        StorageConnection = pr.GetValue(Storage) ?? Environment.GetEnvironmentVariable("DF2_STORAGE"),
        GatewayPort = pr.GetValue(GatewayPort),
        ClusterId = pr.GetValue(ClusterId)!,
    };

    /// <summary>Connect, run <paramref name="body"/> with the cluster's grain factory, disconnect; cluster errors become one line and exit code 1.</summary>
    public async Task<int> Call(ParseResult pr, CancellationToken cancel, Func<IGrainFactory, Task<int>> body)
    {
        IHost? host = null;
        try
        {
            host = await ClusterClients.ConnectAsync(Settings(pr), cancel);
            return await body(host.Services.GetRequiredService<IClusterClient>());
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine($"df2: error: {e.Message.Split('\n')[0]}");
            return 1;
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }
    }
}
