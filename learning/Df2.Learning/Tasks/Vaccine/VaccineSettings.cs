using Df2.Learning.Running;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>Vaccine distribution's data folder and its mirror-descent gradient (<see cref="MirrorGradient"/>).</summary>
public sealed record VaccineSettings(MirrorGradient Gradient, string? DataDir) : ISettingsRecord<VaccineSettings>
{
    public static SettingsGroup Group { get; } = new("vaccine", "vaccine distribution's data and solver (App. F.4)",
    [
        ParameterSpec.Text("md_gradient", "share", ["share", "dose"], "the mirror-descent gradient: share (∇ w.r.t. the budget share, default) or dose (eq. 14 read literally)"),
        TaskParameters.DataDir,
    ], Read);

    public static VaccineSettings Read(CellSettings s) =>
        new(s.Text("md_gradient") == "dose" ? MirrorGradient.Dose : MirrorGradient.Share, s.TextOrNull("data_dir"));
}
