using Df2.Learning.Running;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>In-memory checkpoint sink: keeps every saved epoch; <see cref="Load"/> returns the latest.</summary>
public sealed class MemorySink : ICheckpointSink
{
    public List<(int Epoch, byte[] State)> Saved { get; } = [];

    public void Save(int epoch, byte[] state) => Saved.Add((epoch, state));

    public (int Epoch, byte[] State)? Load() => Saved.Count == 0 ? null : Saved[^1];
}
