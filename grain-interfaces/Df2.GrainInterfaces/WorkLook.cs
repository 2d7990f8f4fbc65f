namespace Df2.GrainInterfaces;

/// <summary>
/// What an idle worker slot asks the cluster index before it asks the sweeps: the sweeps with unfinished cells, in
/// submission order, and how many ready-cell signals the index had received when it answered (<see cref="Signals"/>),
/// which the worker quotes when it registers as waiting (<see cref="IClusterIndexGrain.WaitForWorkAsync"/>).
/// </summary>
[GenerateSerializer, Alias("df2.WorkLook"), Immutable]
public sealed record WorkLook(List<string> Sweeps, long Signals);
