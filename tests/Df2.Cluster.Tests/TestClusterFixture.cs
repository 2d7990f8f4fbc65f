using Orleans.TestingHost;

namespace Df2.Cluster.Tests;

/// <summary>An in-process Orleans test cluster of <c>silos</c> silos configured by <typeparamref name="TConfigurator"/>, deployed at construction and stopped on dispose.</summary>
public abstract class TestClusterFixture<TConfigurator>(int silos) : IDisposable where TConfigurator : ISiloConfigurator, new()
{
    public TestCluster Cluster { get; } = Deploy(silos);

    public IGrainFactory Grains => Cluster.GrainFactory;

    public void Dispose()
    {
        Cluster.StopAllSilos();
        GC.SuppressFinalize(this);
    }

    private static TestCluster Deploy(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<TConfigurator>();
        var cluster = builder.Build();
        cluster.Deploy();
        return cluster;
    }
}
