namespace Df2.GrainInterfaces;

/// <summary>
/// A 3D-Learning run as its DroGrain knows it: finished halves of <see cref="TotalHalves"/>, the step in flight (if
/// any) with its attempt and silo, the last checkpoint, how many steps were handed out (<see cref="Dispatches"/>) and
/// how many of those were handed out again after their worker's silo died or the worker gave them back
/// (<see cref="Redispatches"/>), and the run's status.
/// </summary>
[GenerateSerializer, Alias("df2.DroView"), Immutable]
public sealed record DroView(string Key, CellStatus Status, int FinishedHalves, int TotalHalves, DroStep? Running, int Attempt,
    string? Worker, string? Silo, CheckpointRef? Checkpoint, int Dispatches, int Redispatches, string? Reason);
