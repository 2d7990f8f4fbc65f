namespace Df2.GrainInterfaces;

/// <summary>Answer to a submit. <see cref="Existing"/>: the same sweep (same id) was submitted before; nothing was reset.</summary>
[GenerateSerializer, Alias("df2.SubmitResult"), Immutable]
public sealed record SubmitResult(string SweepId, int Cells, bool Existing);
