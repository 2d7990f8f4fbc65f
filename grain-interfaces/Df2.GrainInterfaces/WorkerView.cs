namespace Df2.GrainInterfaces;

/// <summary>One device slot as last reported by its worker grain.</summary>
[GenerateSerializer, Alias("df2.WorkerView"), Immutable]
public sealed record WorkerView(string Worker, string Device, string Silo, string? CellKey, int Completed, int Failed,
    bool Draining, DateTimeOffset LastSeen);
