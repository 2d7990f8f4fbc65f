using Df2.Learning.Running;
using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>An <see cref="EpochReport"/> of the running cell.</summary>
[MessagePackObject]
public sealed record ProgressMessage(
    [property: Key(0)] int Epoch,
    [property: Key(1)] int TotalEpochs,
    [property: Key(2)] double Loss,
    [property: Key(3)] double EpochSeconds) : WorkerMessage
{
    public static ProgressMessage From(EpochReport r) => new(r.Epoch, r.TotalEpochs, r.Loss, r.EpochSeconds);

    public EpochReport ToReport() => new(Epoch, TotalEpochs, Loss, EpochSeconds);
}
