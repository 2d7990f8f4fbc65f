using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>Run 3D-Learning half <see cref="FinishedHalves"/> + 1 from <see cref="State"/> (null before the first).</summary>
[MessagePackObject]
public sealed record RunHalfMessage(
    [property: Key(0)] WireRequest Request,
    [property: Key(1)] int FinishedHalves,
    [property: Key(2)] byte[]? State) : WorkerMessage;
