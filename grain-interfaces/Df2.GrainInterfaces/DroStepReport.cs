namespace Df2.GrainInterfaces;

/// <summary>
/// A finished 3D-Learning half: its checkpoint (stored before the report; epoch = finished halves), the dual
/// variable α after it and its timings in seconds (seconds_adversary / seconds_decision).
/// </summary>
[GenerateSerializer, Alias("df2.DroStepReport"), Immutable]
public sealed record DroStepReport(DroStep Step, CheckpointRef Checkpoint, double Alpha, Dictionary<string, double> Seconds);
