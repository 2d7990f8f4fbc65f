namespace Df2.GrainInterfaces;

/// <summary>The metrics a finished cell reports (the learning core's CellMetrics, finite extras only).</summary>
[GenerateSerializer, Alias("df2.CellResult"), Immutable]
public sealed record CellResult(double Regret, double? LowerBound, double? Gap, int Epochs, double TrainSeconds,
    Dictionary<string, double> Extra);
