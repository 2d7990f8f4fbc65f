using Df2.Learning.Running;

namespace Df2.TestSupport;

/// <summary>A sink that keeps nothing: cells run from scratch and their checkpoints are dropped.</summary>
public sealed class NoCheckpoints : ICheckpointSink
{
    public void Save(int epoch, byte[] state) { }

    public (int Epoch, byte[] State)? Load() => null;
}
