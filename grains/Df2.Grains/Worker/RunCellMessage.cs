using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>Run a whole cell, resuming after <see cref="CheckpointEpoch"/> from <see cref="CheckpointState"/> when given.</summary>
[MessagePackObject]
public sealed record RunCellMessage(
    [property: Key(0)] WireRequest Request,
    [property: Key(1)] int? CheckpointEpoch,
    [property: Key(2)] byte[]? CheckpointState) : WorkerMessage;
