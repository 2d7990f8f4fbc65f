using System.CommandLine;
using Df2.Silo.Core;
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

    public Option<string?> TlsCert { get; } = new("--tls-cert") { Description = "client certificate (PEM) for the cluster's mutual TLS (env DF2_TLS_CERT)" };

    public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "its private key (PEM) (env DF2_TLS_KEY)" };

    public Option<string?> TlsCa { get; } = new("--tls-ca") { Description = "the cluster's CA certificate (PEM) (env DF2_TLS_CA)" };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "reach a cluster without TLS, on purpose (env DF2_INSECURE=1)" };

    public void AddTo(Command c)
    {
        c.Options.Add(Storage);
        c.Options.Add(GatewayPort);
        c.Options.Add(ClusterId);
        c.Options.Add(TlsCert);
        c.Options.Add(TlsKey);
        c.Options.Add(TlsCa);
        c.Options.Add(Insecure);
    }

    /// <summary>The cluster to reach; throws <see cref="ArgumentException"/> for TLS files that do not load, or a cluster with neither TLS nor --insecure.</summary>
    public ClusterSettings Settings(ParseResult pr)
    {
        var options = new Dictionary<string, Option<string?>> { ["tls-cert"] = TlsCert, ["tls-key"] = TlsKey, ["tls-ca"] = TlsCa };
        var settings = new ClusterSettings
        {
            StorageConnection = pr.GetValue(Storage) ?? Environment.GetEnvironmentVariable("DF2_STORAGE"),
            GatewayPort = pr.GetValue(GatewayPort),
            ClusterId = pr.GetValue(ClusterId)!,
            Tls = ClusterTls.FromOptions(k => pr.GetValue(options[k]) ?? Environment.GetEnvironmentVariable(SiloHostOptions.EnvName(k))),
            Insecure = pr.GetValue(Insecure) || Environment.GetEnvironmentVariable("DF2_INSECURE") == "1",
        }.Checked("df2");
        return settings;
    }

    /// <summary>Connect, run <paramref name="body"/> with the cluster's grain factory, disconnect; cluster errors become one line and exit code 1.</summary>
    public async Task<int> Call(ParseResult pr, CancellationToken cancel, Func<IGrainFactory, Task<int>> body)
    {
        IHost? host = null;
        ClusterSettings settings;
        try { settings = Settings(pr); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"df2: error: {e.Message}");
            return 2;
        }
        try
        {
            host = await ClusterClients.ConnectAsync(settings, cancel);
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
