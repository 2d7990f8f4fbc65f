using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Df2.Silo.Core;

/// <summary>An Orleans client of a df2 cluster: gateways from the Azure membership table, or a localhost silo's gateway port; mutual TLS when <see cref="ClusterSettings.Tls"/> is set.</summary>
public static class ClusterClients
{
    /// <summary>How long connecting may take: env DF2_CONNECT_TIMEOUT_S, default 30 s.</summary>
    public static TimeSpan ConnectTimeout { get; } =
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("DF2_CONNECT_TIMEOUT_S"), out var s) && s > 0 ? s : 30);

    public static async Task<IHost> ConnectAsync(ClusterSettings s, CancellationToken cancel = default)
    {
        var host = new HostBuilder()
            .UseOrleansClient(c =>
            {
                if (s.UsesAzure)
                {
                    c.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (s.ClusterId, s.ServiceId));
                    c.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(s.StorageConnection));
                }
                else
                {
                    c.UseLocalhostClustering(s.GatewayPort, s.ServiceId, s.ClusterId);
                }
                if (s.Tls is { } tls) c.UseTls(tls.Certificate, tls.Apply);   // the client presents its certificate too
            })
            .ConfigureLogging(l => LogFilters.Apply(l).SetMinimumLevel(LogLevel.Error))
            .Build();
        // Orleans' client retries an unreachable gateway for minutes (3 min measured against a TLS gateway without a
        // certificate); a console command says what is wrong within ConnectTimeout instead.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(ConnectTimeout);
        try { await host.StartAsync(limit.Token); }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            host.Dispose();
            throw new TimeoutException($"no gateway of the cluster answered in {ConnectTimeout.TotalSeconds:0} s: is the cluster up, is the gateway " +
                                       "port (or the storage account and cluster id) right, and does the cluster accept this client's TLS certificate?");
        }
        return host;
    }
}
