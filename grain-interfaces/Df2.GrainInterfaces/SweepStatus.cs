namespace Df2.GrainInterfaces;

/// <summary>A sweep's progress: cell counts per state (pending, running, done, failed, cancelled); <see cref="Silo"/> hosts the sweep grain.</summary>
[GenerateSerializer, Alias("df2.SweepStatus"), Immutable]
public sealed record SweepStatus(string SweepId, string Name, bool Cancelled, int Total, Dictionary<string, int> Counts,
    DateTimeOffset Created, string Silo)
{
    public int Finished => Counts.GetValueOrDefault("done") + Counts.GetValueOrDefault("failed") + Counts.GetValueOrDefault("cancelled");

    public string State => Cancelled ? "cancelled" : Finished == Total ? "finished" : "active";
}
