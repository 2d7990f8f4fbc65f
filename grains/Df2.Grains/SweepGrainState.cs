namespace Df2.Grains;

/// <summary>A sweep's persisted state: its name, when it was submitted, its cell keys in order, whether it was cancelled.</summary>
[GenerateSerializer, Alias("df2.SweepGrainState")]
public sealed class SweepGrainState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public DateTimeOffset Created { get; set; }
    [Id(2)] public List<string> Keys { get; set; } = [];
    [Id(3)] public bool Cancelled { get; set; }
    [Id(4)] public bool Submitted { get; set; }
}
