using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>Evaluate a 3D-Learning run from the state after its last half.</summary>
[MessagePackObject]
public sealed record EvaluateMessage(
    [property: Key(0)] WireRequest Request,
    [property: Key(1)] byte[] State) : WorkerMessage;
