using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>The child started (runtime, libtorch, executor) and waits for units: sent once, before anything else.</summary>
[MessagePackObject]
public sealed record ReadyMessage : WorkerMessage;
