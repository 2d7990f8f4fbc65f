using Df2.Grains.Worker;
using Df2.Learning.Running;

namespace Df2.Worker;

/// <summary>
/// Checkpoints go to the parent, which stores them (folder or blob) and records them with the cell grain; the child waits
/// for the acknowledgement, so a unit never trains past a checkpoint that was not stored (a refused one: the parent kills it).
/// </summary>
public sealed class ParentCheckpointSink(ParentChannel channel, (int Epoch, byte[] State)? initial) : ICheckpointSink
{
    private (int Epoch, byte[] State)? _latest = initial;

    public void Save(int epoch, byte[] state)
    {
        channel.Send(new CheckpointMessage(epoch, state));
        if (channel.Receive() is not CheckpointAckMessage) throw new ParentGoneException();
        _latest = (epoch, state);
    }

    public (int Epoch, byte[] State)? Load() => _latest;
}
