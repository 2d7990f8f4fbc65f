namespace Df2.GrainInterfaces;

/// <summary>
/// A unit of work handed to a worker: (cell, <see cref="Attempt"/>) identifies the run; every later report quotes the attempt.
/// For a round-based cell (3D-Learning) <see cref="Step"/> names the one half (or the final evaluation) to run, starting
/// from <see cref="Checkpoint"/>, and the reports go to the cell's DroGrain; otherwise the whole cell runs.
/// <see cref="Inputs"/>: the final artifacts of the cell's dependencies in the checkpoint store, keyed by the
/// dependency's method (set by the sweep grain when it hands the work out; null when the cell has none).
/// </summary>
[GenerateSerializer, Alias("df2.CellAssignment"), Immutable]
public sealed record CellAssignment(string SweepId, CellDescription Cell, int Attempt, CheckpointRef? Checkpoint, DroStep? Step = null,
    Dictionary<string, string>? Inputs = null);
