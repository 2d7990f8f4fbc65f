using Df2.Learning.Running;

namespace Df2.Learning.Tasks.Wind;

/// <summary>Wind power bidding's data: the source, window stride and folder, and its eq. 4 path.</summary>
public sealed record WindSettings(string Source, int Stride, string? DataDir, bool Fused) : ISettingsRecord<WindSettings>
{
    public static SettingsGroup Group { get; } = new("wind", "wind power bidding's data (App. F.3)",
    [
        ParameterSpec.Text("source", "tennet", ["tennet", "transnetbw"], "the wind power series"),
        TaskParameters.Stride,
        TaskParameters.DataDir,
        TaskParameters.Fused,
    ], Read);

    public static WindSettings Read(CellSettings s) => new(s.Text("source"), s.Int("stride"), s.TextOrNull("data_dir"), s.Int("fused") == 1);
}
