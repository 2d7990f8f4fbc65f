namespace Df2.GrainInterfaces;

/// <summary>Life of a cell: Pending → Running(attempt, worker, epoch) → Done | Failed; Cancelled with its sweep.</summary>
[GenerateSerializer, Alias("df2.CellStatus")]
public enum CellStatus { Pending, Running, Done, Failed, Cancelled }
