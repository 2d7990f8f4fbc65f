using Df2.Learning.Running;

namespace Df2.Cluster.Tests;

/// <summary>Checkpoints kept in memory: the in-process reference runs of the worker-process tests.</summary>
public sealed class InMemorySink : ICheckpointSink
{
    private (int Epoch, byte[] State)? _latest;

    public void Save(int epoch, byte[] state) => _latest = (epoch, state);

    public (int Epoch, byte[] State)? Load() => _latest;
}
