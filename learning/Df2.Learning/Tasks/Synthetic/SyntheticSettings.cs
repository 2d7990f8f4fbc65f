using Df2.Learning.Running;

namespace Df2.Learning.Tasks.Synthetic;

/// <summary>A synthetic task's data size and its eq. 4 path.</summary>
public sealed record SyntheticSettings(int Pairs, bool Fused) : ISettingsRecord<SyntheticSettings>
{
    public static SettingsGroup Group { get; } = new("synthetic", "the synthetic tasks' data (App. F.2)",
    [
        ParameterSpec.Int("n", 5000, 20, 10_000_000, "number of (x, y) pairs, split 70/15/15 (paper 5000)"),
        TaskParameters.Fused,
    ], Read);

    public static SyntheticSettings Read(CellSettings s) => new(s.Int("n"), s.Int("fused") == 1);
}
