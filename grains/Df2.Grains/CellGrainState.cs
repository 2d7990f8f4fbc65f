using Df2.GrainInterfaces;

namespace Df2.Grains;

/// <summary>
/// A cell's persisted state (small: the description, counters, the last progress and the checkpoint's
/// reference; the checkpoint bytes live in blob storage or a folder). <see cref="Failures"/> counts retryable
/// failures, <see cref="Recoveries"/> the attempts lost with their silo. <see cref="Delegated"/>: a round-based
/// cell whose steps its DroGrain dispatches and recovers.
/// </summary>
[GenerateSerializer, Alias("df2.CellGrainState")]
public sealed class CellGrainState
{
    [Id(0)] public string SweepId { get; set; } = "";
    [Id(1)] public CellDescription? Cell { get; set; }
    [Id(2)] public CellStatus Status { get; set; }
    [Id(3)] public int Attempt { get; set; }
    [Id(4)] public string? Worker { get; set; }
    [Id(5)] public string? Device { get; set; }
    [Id(6)] public string? Silo { get; set; }
    [Id(7)] public EpochProgress? Progress { get; set; }
    [Id(8)] public string? Reason { get; set; }
    [Id(9)] public CellResult? Result { get; set; }
    [Id(10)] public CheckpointRef? Checkpoint { get; set; }
    [Id(11)] public DateTimeOffset? StartedAt { get; set; }
    [Id(12)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(13)] public List<double> Losses { get; set; } = [];
    [Id(14)] public int Completions { get; set; }
    [Id(15)] public int DuplicateCompletions { get; set; }
    [Id(16)] public int Failures { get; set; }
    [Id(17)] public int Recoveries { get; set; }
    [Id(18)] public bool Delegated { get; set; }
}
