using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>The parent stored the child's last checkpoint; the child trains on.</summary>
[MessagePackObject]
public sealed record CheckpointAckMessage : WorkerMessage;
