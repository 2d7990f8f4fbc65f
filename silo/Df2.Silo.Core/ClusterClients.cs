using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Df2.Silo;

/// <summary>An Orleans client of a df2 cluster: gateways from the Azure membership table, or a localhost silo's gateway port.</summary>
public static class ClusterClients
{
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
            })
            .ConfigureLogging(l => LogFilters.Apply(l).SetMinimumLevel(LogLevel.Error))
            .Build();
        await host.StartAsync(cancel);
        return host;
    }
}
