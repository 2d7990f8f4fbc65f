using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>The state after <see cref="Epoch"/> epochs; the child waits for <see cref="CheckpointAckMessage"/> before it trains on.</summary>
[MessagePackObject]
public sealed record CheckpointMessage(
    [property: Key(0)] int Epoch,
    [property: Key(1)] byte[] State) : WorkerMessage;
