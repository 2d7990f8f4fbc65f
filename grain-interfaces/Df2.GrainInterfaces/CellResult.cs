namespace Df2.GrainInterfaces;

/// <summary>
/// The metrics a finished cell reports (the learning core's CellMetrics, finite extras only). A dependency cell's
/// <see cref="Artifact"/> is where its final artifact lies in the checkpoint store (its dependents load it); its
/// regret is NaN (it is not a method).
/// </summary>
[GenerateSerializer, Alias("df2.CellResult"), Immutable]
public sealed record CellResult(double Regret, double? LowerBound, double? Gap, int Epochs, double TrainSeconds,
    Dictionary<string, double> Extra, string? Artifact = null);
