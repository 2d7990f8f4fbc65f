using Orleans.Concurrency;

namespace Df2.GrainInterfaces;

/// <summary>The cluster's list of sweeps (key 0, persisted) and the workers' last reports (in memory).</summary>
public interface IClusterIndexGrain : IGrainWithIntegerKey
{
    Task AddSweepAsync(string sweepId);

    Task<List<string>> SweepsAsync();

    /// <summary>Sweeps that still have unfinished cells.</summary>
    Task<List<string>> ActiveSweepsAsync();

    Task SweepFinishedAsync(string sweepId);

    [OneWay]
    Task WorkerSeenAsync(WorkerView worker);

    /// <summary>Workers whose silo is active in the membership table.</summary>
    Task<List<WorkerView>> WorkersAsync();
}
