using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Df2.Grains;

/// <summary>
/// Places a worker grain on the silo that owns its device slot: the grain key starts with that silo's endpoint
/// ("127.0.0.1:11111/cuda:0#0"). Local placement is not enough: a silo that is still joining is not yet a placement
/// candidate, and its workers would land on (and die with) another silo.
/// The key alone names the silo, so these grains stay out of the grain directory: a directory registration held by
/// another silo made Orleans deactivate the (healthy) worker when that other silo died, and nothing restarted its
/// polling (measured: 2 of 3 kill -9 runs stalled for good; docs/reliability.md). One activation per key still holds:
/// only the owning silo ever activates it, and its catalog keeps one activation per grain id.
/// </summary>
[GenerateSerializer, Immutable, Alias("df2.DeviceSlotPlacement")]
public sealed class DeviceSlotPlacement : PlacementStrategy
{
    public static readonly DeviceSlotPlacement Instance = new();

    public override bool IsUsingGrainDirectory => false;
}

/// <summary>Marks a grain class for <see cref="DeviceSlotPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DeviceSlotPlacementAttribute() : PlacementAttribute(DeviceSlotPlacement.Instance);

/// <summary>Chooses the compatible silo whose endpoint is the key's prefix; refuses when that silo is not active.</summary>
public sealed class DeviceSlotPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var endpoint = key[..Math.Max(0, key.IndexOf('/'))];
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.Endpoint.ToString() == endpoint)
                   ?? throw new OrleansException($"device slot {key}: its silo {endpoint} is not an active silo");
        return Task.FromResult(silo);
    }
}
