namespace Df2.GrainInterfaces;

/// <summary>Where a cell's last epoch checkpoint lives (a blob name or a file under the checkpoint folder); the bytes never enter grain state.</summary>
[GenerateSerializer, Alias("df2.CheckpointRef"), Immutable]
public sealed record CheckpointRef(int Epoch, string Location);
