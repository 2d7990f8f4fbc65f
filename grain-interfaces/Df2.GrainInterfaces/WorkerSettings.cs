namespace Df2.GrainInterfaces;

/// <summary>
/// A device slot's settings: the device ("cpu", "cuda:0"), the silo that owns it (its parsable address),
/// how often an idle worker that waits to be woken looks for work anyway (the backstop poll: a lost wake or a restarted index grain never strands a cell), and, for embedded runs, the one sweep it may take cells from.
/// </summary>
[GenerateSerializer, Alias("df2.WorkerSettings"), Immutable]
public sealed record WorkerSettings(string Device, string Silo, int BackstopMilliseconds, string? OnlySweep);
