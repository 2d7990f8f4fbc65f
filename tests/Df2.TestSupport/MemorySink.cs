using Df2.Learning.Running;

namespace Df2.TestSupport;

/// <summary>In-memory checkpoint sink: keeps every save; <see cref="Load"/> returns the latest.</summary>
public sealed class MemorySink : ICheckpointSink
{
    public List<(int Epoch, byte[] State)> Saves { get; } = [];

    public void Save(int epoch, byte[] state) => Saves.Add((epoch, state));

    public (int Epoch, byte[] State)? Load() => Saves.Count == 0 ? null : Saves[^1];
}
