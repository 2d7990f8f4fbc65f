using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>LODL's learned local surrogate (<see cref="LodlMethod"/>): the perturbations it is fitted on, and its target.</summary>
public sealed record LodlSettings(int Perturbations, double Sigma, string Target) : ISettingsRecord<LodlSettings>
{
    public static SettingsGroup Group { get; } = new("lodl", "LODL's learned local surrogate",
    [
        ParameterSpec.Int("lodl_perturbations", 50, 1, 100_000, "perturbed labels per training sample for the surrogate fit"),
        ParameterSpec.Real("lodl_sigma", 0.1, 1e-6, 100, "std of the label perturbations"),
        ParameterSpec.Text("lodl_target", "samples", ["samples", "mean"], "what the surrogate is evaluated at in training: the GMM's samples or its mean"),
    ], Read);

    public static LodlSettings Read(CellSettings s) => new(s.Int("lodl_perturbations"), s.Real("lodl_sigma"), s.Text("lodl_target"));
}
