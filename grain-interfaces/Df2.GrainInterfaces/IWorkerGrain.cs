using Orleans.Concurrency;

namespace Df2.GrainInterfaces;

/// <summary>
/// One device slot (key = "{silo endpoint}/{device}#{slot}"), activated on the silo that owns the device.
/// Takes pending cells when idle and trains each on a dedicated thread, never inside a grain turn. An idle worker that
/// found no cell waits in the cluster index until it is woken (<see cref="WakeAsync"/>), with a slow backstop poll.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    Task StartAsync(WorkerSettings settings);

    /// <summary>Stop taking cells; the running cell stops at its next cancellation point and is released with its checkpoint.</summary>
    Task DrainAsync();

    Task<WorkerView> ViewAsync();

    /// <summary>Look for a cell now: the running cell's thread finished, or the cluster index wakes a waiting worker because a cell became ready.</summary>
    [OneWay]
    Task WakeAsync();
}
