namespace Df2.Grains;

/// <summary>The cluster's sweeps in submission order, and those whose cells have all finished.</summary>
[GenerateSerializer, Alias("df2.ClusterIndexState")]
public sealed class ClusterIndexState
{
    [Id(0)] public List<string> Sweeps { get; set; } = [];
    [Id(1)] public List<string> Finished { get; set; } = [];
}
