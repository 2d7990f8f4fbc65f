using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.Robust;

/// <summary>The robust objectives' parameters (<see cref="RobustObjective"/>), the same for both papers' tasks.</summary>
public sealed record RobustObjectiveSettings(double KlRadius, double ChiSquareRadius, double CvarBeta, double WassersteinBudget, int FrankWolfeSteps,
    double GaussianSigma, double CutoutProbability) : ISettingsRecord<RobustObjectiveSettings>
{
    public static SettingsGroup Group { get; } = new("robust-objective", "the DRO and augmentation objectives (kl-dro, chi2-dro, cvar, w-dro, gaussian, cutout)",
    [
        ParameterSpec.Real("rho", 2, 0, double.MaxValue, "kl-dro: KL radius"),
        ParameterSpec.Real("chi2_rho", 1, 0, double.MaxValue, "chi2-dro: χ² radius"),
        ParameterSpec.Real("cvar_beta", 0.1, 1e-9, 1, "cvar: tail fraction"),
        ParameterSpec.Real("w_eps", 2, 0, double.MaxValue, "w-dro: Wasserstein budget on the input window (llm-provisioning: normalised to [0, 1])"),
        ParameterSpec.Int("fw_steps", 15, 1, int.MaxValue, "w-dro: Frank–Wolfe steps of the inner attack"),
        ParameterSpec.Real("aug_sigma", 0.05, 0, double.MaxValue, "gaussian: noise std of the augmented copy"),
        ParameterSpec.Real("cutout_p", 0.05, 0, 1, "cutout: share of zeroed slots in the augmented copy"),
    ], Read);

    public static RobustObjectiveSettings Read(CellSettings s) =>
        new(s.Real("rho"), s.Real("chi2_rho"), s.Real("cvar_beta"), s.Real("w_eps"), s.Int("fw_steps"), s.Real("aug_sigma"), s.Real("cutout_p"));
}
