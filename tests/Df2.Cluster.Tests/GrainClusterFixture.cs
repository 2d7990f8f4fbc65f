using Df2.Grains;
using Df2.Silo.Core;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Df2.Cluster.Tests;

/// <summary>
/// One in-process Orleans test cluster shared by the grain tests: two silos, each with two "spin" worker slots,
/// memory grain storage, in-memory reminders and a temporary checkpoint folder.
/// </summary>
public sealed class GrainClusterFixture() : TestClusterFixture<GrainClusterFixture.Configurator>(2)
{
    public sealed class Configurator : ISiloConfigurator
    {
        private static readonly string Checkpoints = Paths.TempDir("tc-ckpt");

        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Store);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ICheckpointStore>(new FolderCheckpointStore(Checkpoints));
            SiloSetup.ConfigureCommon(silo, new ClusterSettings { Devices = ["cpu", "cpu"], Executor = "spin" });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainCollection : ICollectionFixture<GrainClusterFixture>
{
    public const string Name = "grain cluster";
}
