namespace Df2.GrainInterfaces;

/// <summary>A running cell's last finished epoch (1-based) with its loss and wall time.</summary>
[GenerateSerializer, Alias("df2.EpochProgress"), Immutable]
public sealed record EpochProgress(int Epoch, int TotalEpochs, double Loss, double EpochSeconds);
