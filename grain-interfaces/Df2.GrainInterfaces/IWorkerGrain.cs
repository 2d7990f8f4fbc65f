using Orleans.Concurrency;

namespace Df2.GrainInterfaces;

/// <summary>
/// One device slot (key = "{silo endpoint}/{device}#{slot}"), activated on the silo that owns the device.
/// Pulls pending cells and trains each on a dedicated thread, never inside a grain turn.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    Task StartAsync(WorkerSettings settings);

    /// <summary>Stop taking cells; the running cell stops at its next cancellation point and is released with its checkpoint.</summary>
    Task DrainAsync();

    Task<WorkerView> ViewAsync();

    /// <summary>The running cell's thread finished: look for the next cell now instead of at the next poll.</summary>
    [OneWay]
    Task WakeAsync();
}
