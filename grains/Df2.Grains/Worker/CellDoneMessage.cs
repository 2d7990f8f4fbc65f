using Df2.Learning.Running;
using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>A finished cell's (or evaluation's) <see cref="CellMetrics"/>.</summary>
[MessagePackObject]
public sealed record CellDoneMessage(
    [property: Key(0)] double Regret,
    [property: Key(1)] double? LowerBound,
    [property: Key(2)] double? Gap,
    [property: Key(3)] int Epochs,
    [property: Key(4)] double TrainSeconds,
    [property: Key(5)] Dictionary<string, double> Extra,
    [property: Key(6)] byte[]? Artifact) : WorkerMessage
{
    public static CellDoneMessage From(CellMetrics m) =>
        new(m.Regret, m.LowerBound, m.Gap, m.Epochs, m.TrainSeconds, new(m.Extra, StringComparer.Ordinal), m.Artifact);

    public CellMetrics ToMetrics() => new(Regret, LowerBound, Gap, Epochs, TrainSeconds, Extra) { Artifact = Artifact };
}
