using Orleans.Concurrency;

namespace Df2.GrainInterfaces;

/// <summary>
/// The cluster's list of sweeps (key 0, persisted), the workers' last reports and the idle worker slots waiting for work
/// (both in memory). Hand-out: an idle worker looks (<see cref="LookForWorkAsync"/>), asks the sweeps, and when none has
/// a cell for it registers as waiting (<see cref="WaitForWorkAsync"/>); a sweep whose cells become ready says how many
/// (<see cref="CellsReadyAsync"/>) and the index wakes that many waiting workers (<see cref="IWorkerGrain.WakeAsync"/>).
/// </summary>
public interface IClusterIndexGrain : IGrainWithIntegerKey
{
    Task AddSweepAsync(string sweepId);

    Task<List<string>> SweepsAsync();

    /// <summary>
    /// The sweeps that still have unfinished cells, and the count of ready-cell signals so far. The worker is looking for
    /// work, so it is no longer waiting.
    /// </summary>
    Task<WorkLook> LookForWorkAsync(string worker);

    /// <summary>
    /// The worker (of <paramref name="silo"/>, taking cells only from <paramref name="onlySweep"/> when set) found no cell:
    /// it waits to be woken. True when ready-cell signals arrived since its look (<paramref name="signals"/>): it should
    /// look again at once (it stays registered meanwhile).
    /// </summary>
    Task<bool> WaitForWorkAsync(string worker, string silo, string? onlySweep, long signals);

    /// <summary>The worker stops taking cells (draining): it is no longer woken.</summary>
    [OneWay]
    Task LeaveAsync(string worker);

    /// <summary><paramref name="count"/> cells of the sweep became ready (submitted, back to Pending, dependencies done, a 3D-L step): wake up to that many waiting workers.</summary>
    [OneWay]
    Task CellsReadyAsync(string sweepId, int count);

    Task SweepFinishedAsync(string sweepId);

    [OneWay]
    Task WorkerSeenAsync(WorkerView worker);

    /// <summary>Workers whose silo is active in the membership table.</summary>
    Task<List<WorkerView>> WorkersAsync();
}
