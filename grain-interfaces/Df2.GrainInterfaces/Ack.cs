namespace Df2.GrainInterfaces;

/// <summary>Answer to a worker's report. <see cref="Duplicate"/>: this completion was already accepted once.</summary>
[GenerateSerializer, Alias("df2.Ack"), Immutable]
public sealed record Ack(bool Accepted, bool Duplicate = false, string? Message = null);
