using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>SO-EBM's energy-based surrogate (<see cref="SoEbmMethod"/>).</summary>
public sealed record SoEbmSettings(int Proposals, double Temperature) : ISettingsRecord<SoEbmSettings>
{
    public static SettingsGroup Group { get; } = new("so-ebm", "SO-EBM's energy-based surrogate",
    [
        ParameterSpec.Int("ebm_proposals", 512, 1, 1_000_000, "proposal samples (paper 512)"),
        ParameterSpec.Real("ebm_temperature", 10, 1e-6, 1e6, "energy = SAA cost / temperature"),
    ], Read);

    public static SoEbmSettings Read(CellSettings s) => new(s.Int("ebm_proposals"), s.Real("ebm_temperature"));
}
