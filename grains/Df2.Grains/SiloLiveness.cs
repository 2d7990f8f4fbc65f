using Orleans.Runtime;

namespace Df2.Grains;

/// <summary>
/// Whether the silo a cell runs on is gone, by the membership table: declared Dead, or absent from a snapshot
/// that already holds a newer silo (a previous run's silo after a restart). An absent silo that is newer than
/// every known one is a silo still joining, so it is not declared gone.
/// </summary>
public static class SiloLiveness
{
    public static bool IsGone(IClusterMembershipService membership, string? silo)
    {
        if (string.IsNullOrEmpty(silo)) return true;
        var address = SiloAddress.FromParsableString(silo);
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(address);
        if (status == SiloStatus.Dead) return true;
        if (status != SiloStatus.None) return false;
        return snapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && m.SiloAddress.Generation > address.Generation);
    }
}
