using Df2.Learning.Running;
using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>A <see cref="CellRequest"/> with its dependencies' artifacts, as the child receives it.</summary>
[MessagePackObject]
public sealed record WireRequest(
    [property: Key(0)] string Task,
    [property: Key(1)] string Method,
    [property: Key(2)] Dictionary<string, string> Parameters,
    [property: Key(3)] int Seed,
    [property: Key(4)] int DataSeed,
    [property: Key(5)] string Device,
    [property: Key(6)] Dictionary<string, byte[]> Inputs)
{
    /// <summary><paramref name="device"/> replaces the request's device: the child sees its one GPU as cuda:0.</summary>
    public static WireRequest From(CellRequest r, string device) =>
        new(r.Task, r.Method, new(r.Parameters, StringComparer.Ordinal), r.Seed, r.DataSeed, device, new(r.Inputs, StringComparer.Ordinal));

    public CellRequest ToRequest() =>
        new(Task, Method, new Dictionary<string, string>(Parameters, StringComparer.Ordinal), Seed, DataSeed, Device)
        {
            Inputs = new Dictionary<string, byte[]>(Inputs, StringComparer.Ordinal),
        };
}
