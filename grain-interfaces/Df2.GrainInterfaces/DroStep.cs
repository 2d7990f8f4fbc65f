namespace Df2.GrainInterfaces;

/// <summary>One resumable half of a 3D-Learning round: <see cref="Half"/> is "adversary" or "decision".</summary>
[GenerateSerializer, Alias("df2.DroStep"), Immutable]
public sealed record DroStep(int Round, string Half);
