using Df2.Learning.Running;
using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Df2.Grains;
using Df2.Grains.Worker;
using Df2.Kernels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

namespace Df2.Silo.Core;

/// <summary>
/// Everything a df2 silo needs, chosen by <see cref="ClusterSettings"/>: clustering, grain storage (MessagePack),
/// reminders, the checkpoint store, the cell executor and the worker slots. Used by <c>df2-silo</c>, the embedded
/// <c>df2 run</c> and the tests, so all run the same grains.
/// </summary>
public static class SiloSetup
{
    public static void Configure(ISiloBuilder silo, ClusterSettings s)
    {
        var serializer = new MessagePackGrainStorageSerializer();
        if (s.UsesAzure)
        {
            var tables = new TableServiceClient(s.StorageConnection);
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (s.ClusterId, s.ServiceId));
            silo.UseAzureStorageClustering(o => o.TableServiceClient = tables);
            silo.AddAzureTableGrainStorage(StorageNames.Store, o =>
            {
                o.TableServiceClient = tables;
                o.GrainStorageSerializer = serializer;
            });
            silo.UseAzureTableReminderService(o => o.TableServiceClient = tables);
            silo.ConfigureEndpoints(IPAddress.Parse(s.AdvertisedAddress), s.SiloPort, s.GatewayPort, listenOnAnyHostAddress: true);
            silo.Services.AddSingleton<ICheckpointStore>(_ => new BlobCheckpointStore(new BlobContainerClient(s.StorageConnection, s.CheckpointContainer)));
        }
        else
        {
            silo.UseLocalhostClustering(s.SiloPort, s.GatewayPort, serviceId: s.ServiceId, clusterId: s.ClusterId);
            silo.Services.AddGrainStorage(StorageNames.Store, (_, _) => new FolderGrainStorage(s.StateFolder, serializer));
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ICheckpointStore>(new FolderCheckpointStore(s.CheckpointFolder));
        }
        if (s.Tls is { } tls) silo.UseTls(tls.Certificate, tls.Apply);   // mutual TLS: silo-to-silo and gateway
        ConfigureCommon(silo, s);
    }

    /// <summary>What every silo shares, whatever its storage: membership timing, the executor, the worker slots, log filters.</summary>
    public static void ConfigureCommon(ISiloBuilder silo, ClusterSettings s)
    {
        // A killed silo is declared dead in ~1-2 s instead of the default 11-12 s (measured; docs/reliability.md).
        // IAmAlive every 5 s, stale after 2 missed (10 s; Orleans' default 30 s x 3): silos joining a cluster whose
        // table still lists killed silos as Active wait in the join connectivity check until those entries go stale
        // and are probed dead; that wait is what made a whole-cluster restart take 93-130 s.
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = s.ProbeTimeout;
            o.NumMissedProbesLimit = s.MissedProbes;
            o.NumVotesForDeathDeclaration = 1;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            o.NumMissedTableIAmAliveLimit = 2;
        });
        silo.Services.AddSingleton(s);
        silo.Services.AddSingleton<ICellExecutor>(_ => Executor(s));
        silo.Services.AddPlacementDirector<DeviceSlotPlacement, DeviceSlotPlacementDirector>();
        silo.Services.AddSingleton<WorkerSlots>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WorkerSlots>());
        silo.Services.AddLogging(l => LogFilters.Apply(l));
    }

    /// <summary>
    /// The silo trains nothing itself: its executor runs every unit in df2-worker children, each with this host's libtorch
    /// threads per slot (cores / slots). Registered through a factory so the host disposes it, stopping idle children.
    /// </summary>
    private static ProcessCellExecutor Executor(ClusterSettings s) => new(CellExecutors.ByName(s.Executor),
        new WorkerOptions(s.Executor, TorchThreads.PerSlot(s.Devices.Count), TimeSpan.FromSeconds(s.WorkerStallSeconds)));
}
