using Df2.Learning.Running;

namespace Df2.TestSupport;

/// <summary>
/// In-memory checkpoint sink: keeps every save; <see cref="Load"/> returns the latest. <see cref="Saved"/> is told each
/// saved epoch, so that a test interrupts a cell where a host would find its checkpoint (a cell reports an epoch before
/// it checkpoints it, and a cancelled df2-worker child is killed at once).
/// </summary>
public sealed class MemorySink : ICheckpointSink
{
    public List<(int Epoch, byte[] State)> Saves { get; } = [];

    public Action<int>? Saved { get; set; }

    public void Save(int epoch, byte[] state)
    {
        Saves.Add((epoch, state));
        Saved?.Invoke(epoch);
    }

    public (int Epoch, byte[] State)? Load() => Saves.Count == 0 ? null : Saves[^1];
}
