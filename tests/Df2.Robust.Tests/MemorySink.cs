using Df2.Learning.Running;

namespace Df2.Robust.Tests;

/// <summary>An in-memory checkpoint sink that keeps every save.</summary>
public sealed class MemorySink : ICheckpointSink
{
    public List<(int Epoch, byte[] State)> Saves { get; } = [];

    public void Save(int epoch, byte[] state) => Saves.Add((epoch, state));

    public (int Epoch, byte[] State)? Load() => Saves.Count == 0 ? null : Saves[^1];
}
