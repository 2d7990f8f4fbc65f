using Df2.Kernels;
using Df2.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Df2.Silo.Core;

/// <summary>
/// Starts one worker grain per device slot when the silo becomes active (the call comes from this silo, so
/// local placement puts the grains here) and drains them when the silo stops (SIGTERM, Ctrl-C): no new cells,
/// the running ones stop at their next cancellation point and go back to Pending with their checkpoints. When the membership
/// table declares a silo dead, it wakes its slots: idle ones look for work again and wait in the cluster index, which may have
/// been re-activated without them (it keeps its waiting workers in memory), instead of at their next backstop look.
/// </summary>
public sealed class WorkerSlots(ClusterSettings settings, IGrainFactory grains, ILocalSiloDetails silo, IClusterMembershipService membership,
    ILogger<WorkerSlots> log) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stop = new();

    public IReadOnlyList<string> Names { get; } =
        settings.Devices.Select((d, i) => $"{silo.SiloAddress.Endpoint}/{d}#{i}").ToList();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkerSlots), ServiceLifecycleStage.Active, Start, DrainAsync);

    private async Task Start(CancellationToken cancel)
    {
        var address = silo.SiloAddress.ToParsableString();
        for (var i = 0; i < Names.Count; i++)
        {
            var start = new WorkerSettings(settings.Devices[i], address, (int)settings.Backstop.TotalMilliseconds, settings.OnlySweep);
            // this silo becomes a placement candidate a moment after it turns active
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await grains.GetGrain<IWorkerGrain>(Names[i]).StartAsync(start);
                    break;
                }
                catch (OrleansException) when (attempt < 60 && !cancel.IsCancellationRequested)
                {
                    await Task.Delay(500, cancel);
                }
            }
        }
        // the slots of this silo share its cores (docs/benchmarks.md, "Threads"); each slot's cells train in a df2-worker child
        log.LogInformation("{Count} worker slot(s) on {Silo}: {Devices}; {Threads} libtorch thread(s) per slot's df2-worker", Names.Count, silo.SiloAddress,
            string.Join(", ", settings.Devices), TorchThreads.PerSlot(Names.Count));
        _ = Task.Run(WakeOnDeaths);
    }

    private async Task WakeOnDeaths()
    {
        var dead = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stop.Token))
            {
                var now = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToList();
                if (now.Count(dead.Add) == 0) continue;   // no silo newly declared dead
                foreach (var name in Names) grains.GetGrain<IWorkerGrain>(name).WakeAsync().Ignore();
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Drain every slot and wait until none runs a cell (or <paramref name="cancel"/> fires).</summary>
    public async Task DrainAsync(CancellationToken cancel)
    {
        _stop.Cancel();
        log.LogWarning("draining {Count} worker slot(s)", Names.Count);
        await Task.WhenAll(Names.Select(n => grains.GetGrain<IWorkerGrain>(n).DrainAsync()));
        while (!cancel.IsCancellationRequested)
        {
            var views = await Task.WhenAll(Names.Select(n => grains.GetGrain<IWorkerGrain>(n).ViewAsync()));
            if (views.All(v => v.CellKey is null)) return;
            try { await Task.Delay(100, cancel); } catch (OperationCanceledException) { return; }
        }
    }
}
