namespace Df2.GrainInterfaces;

/// <summary>
/// Everything known about one cell (status, tables, results.csv, the dashboard's curves).
/// <see cref="Losses"/> holds the training loss of every finished epoch; <see cref="Completions"/> counts
/// accepted completions (exactly one for a done cell) and <see cref="DuplicateCompletions"/> the refused repeats.
/// </summary>
[GenerateSerializer, Alias("df2.CellView"), Immutable]
public sealed record CellView(string SweepId, CellDescription Cell, CellStatus Status, int Attempt, string? Worker, string? Device,
    string? Silo, EpochProgress? Progress, string? Reason, CellResult? Result, CheckpointRef? Checkpoint,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, double[] Losses, int Completions, int DuplicateCompletions)
{
    public string Key => Cell.Key;

    public string Task => Cell.Task;

    public string Method => Cell.Method;

    public string Variant => Cell.Variant;

    public int Seed => Cell.Seed;

    public int DataSeed => Cell.DataSeed;

    /// <summary>The status as written in results.csv and tables: pending, running, done, failed, cancelled.</summary>
    public string State => Status.ToString().ToLowerInvariant();

    public bool Finished => Status is CellStatus.Done or CellStatus.Failed or CellStatus.Cancelled;
}
