namespace Df2.GrainInterfaces;

/// <summary>A cell handed to a worker: (cell, <see cref="Attempt"/>) identifies the run; every later report quotes the attempt.</summary>
[GenerateSerializer, Alias("df2.CellAssignment"), Immutable]
public sealed record CellAssignment(string SweepId, CellDescription Cell, int Attempt, CheckpointRef? Checkpoint);
