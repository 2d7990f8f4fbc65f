using Df2.GrainInterfaces;

namespace Df2.Grains;

/// <summary>
/// A 3D-Learning run's durable progress (small; MessagePack): the cell, its delegated attempt, how many halves are
/// finished and the last half's checkpoint reference (the bytes are in the checkpoint store), the step in flight
/// with its attempt, worker and silo, the halves' summed timings and the counters the tests and status read.
/// </summary>
[GenerateSerializer, Alias("df2.DroGrainState")]
public sealed class DroGrainState
{
    [Id(0)] public string SweepId { get; set; } = "";
    [Id(1)] public CellDescription? Cell { get; set; }
    [Id(2)] public int CellAttempt { get; set; }
    [Id(3)] public int TotalHalves { get; set; }
    [Id(4)] public int FinishedHalves { get; set; }
    [Id(5)] public CheckpointRef? Checkpoint { get; set; }
    [Id(6)] public DroStep? Running { get; set; }
    [Id(7)] public int Attempt { get; set; }
    [Id(8)] public string? Worker { get; set; }
    [Id(9)] public string? Silo { get; set; }
    [Id(10)] public CellStatus Status { get; set; }
    [Id(11)] public string? Reason { get; set; }
    [Id(12)] public Dictionary<string, double> Seconds { get; set; } = [];
    [Id(13)] public int Dispatches { get; set; }
    [Id(14)] public int Redispatches { get; set; }
    [Id(15)] public int Failures { get; set; }
    [Id(16)] public double Alpha { get; set; }
}
