using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>DFL's implicit derivative of the SAA argmin (<see cref="DflMethod"/>).</summary>
public sealed record DflSettings(double Bandwidth) : ISettingsRecord<DflSettings>
{
    public static SettingsGroup Group { get; } = new("dfl", "DFL's implicit derivative (dfl and the robust DFL variants)",
    [
        ParameterSpec.Real("dfl_bandwidth", 0.05, 1e-6, 10, "Gaussian smoothing of the SAA used by the implicit derivative"),
    ], Read);

    public static DflSettings Read(CellSettings s) => new(s.Real("dfl_bandwidth"));
}
