using Df2.Learning.Running;
using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>A finished 3D-Learning half (<see cref="DroHalfOutcome"/>).</summary>
[MessagePackObject]
public sealed record HalfDoneMessage(
    [property: Key(0)] byte[] State,
    [property: Key(1)] int FinishedHalves,
    [property: Key(2)] double Alpha,
    [property: Key(3)] Dictionary<string, double> Seconds) : WorkerMessage
{
    public static HalfDoneMessage From(DroHalfOutcome h) => new(h.State, h.FinishedHalves, h.Alpha, new(h.Seconds, StringComparer.Ordinal));

    public DroHalfOutcome ToOutcome() => new(State, FinishedHalves, Alpha, Seconds);
}
