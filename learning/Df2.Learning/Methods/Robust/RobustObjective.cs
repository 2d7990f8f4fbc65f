using static TorchSharp.torch;

namespace Df2.Learning.Methods.Robust;

/// <summary>
/// The robust batch objectives both papers' baselines share, over per-sample decision losses ℓ_i (3D-Learning's DRO and
/// augmentation baselines): KL-DRO Σ p_i ℓ_i with p = softmax(ℓ/α*) (<see cref="KlDroWeights"/>), χ²-DRO with
/// p ∝ (ℓ − η*)₊ (<see cref="ChiSquareDroWeights"/>), CVaR_β the mean of the ⌈β·n⌉ largest, W-DRO the loss on the
/// Frank–Wolfe worst case of the inputs (<see cref="WassersteinAttack"/>), and the Gaussian / Cutout augmentations (the
/// batch plus one perturbed copy). Their parameters: <see cref="RobustObjectiveSettings"/>, declared once for every task that runs them.
/// </summary>
public static class RobustObjective
{
    public const string Kl = "kl-dro", ChiSquare = "chi2-dro", Cvar = "cvar", Wasserstein = "w-dro", Gaussian = "gaussian", Cutout = "cutout";

    /// <summary>The objectives in table order.</summary>
    public static readonly string[] Names = [Kl, ChiSquare, Cvar, Wasserstein, Gaussian, Cutout];

    /// <summary>Σ p_i ℓ_i with the worst-case weights p (detached: by the envelope theorem, the dual objective's gradient).</summary>
    public static Tensor WorstCase(Tensor losses, Tensor weights) => (weights * losses).sum();

    /// <summary>CVaR_β: the mean of the ⌈β·n⌉ largest per-sample losses.</summary>
    public static Tensor TailMean(Tensor losses, double beta) =>
        losses.topk((int)Math.Max(1, Math.Ceiling(beta * losses.shape[0]))).values.mean();
}
