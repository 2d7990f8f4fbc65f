using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Robust.Adversary;

/// <summary>
/// 3D-Learning (paper): T′ = 10 trainable reverse steps, PPO clip κ = 0.4, dual rate η = 0.01, α0 = 1, Adam 1e-6 for
/// both players, 10 inner epochs per outer epoch, 15 outer epochs; Z0 = 256 reference images, 64 adversarial images
/// per outer epoch. The budget is relative: ε = <see cref="BudgetRelative"/> · J(θ0), J on the steps s &lt; T′ (the
/// paper's absolute ε = 0.03 belongs to the code's estimator and its DDPM; see docs/reproduction-3dl.md).
/// <see cref="FineTuneOnReal"/> is the ablation "fine-tune on real training sequences instead of Sθ": the same rounds,
/// decision epochs and validation selection on <see cref="AdversarialImages"/> real training images per round, no adversary.
/// </summary>
public sealed record AdversarySettings(
    int TPrime = 10, double Kappa = 0.4, double BudgetRelative = 1.1, double Eta = 0.01, double Alpha0 = 1,
    double AdversaryLearningRate = 1e-6, double PredictorLearningRate = 1e-6,
    int Rounds = 15, int InnerEpochs = 10, int StepsPerInnerEpoch = 4, int Batch = 64,
    int ReferenceImages = 256, int AdversarialImages = 64, int DecisionEpochs = 1, bool FineTuneOnReal = false) : ISettingsRecord<AdversarySettings>
{
    public static SettingsGroup Group { get; } = new("3dl", "3D-Learning's rounds: the diffusion adversary and the decision halves",
    [
        ParameterSpec.Int("t_prime", 10, 1, int.MaxValue, "trainable reverse steps T′ (below diffusion_steps)"),
        ParameterSpec.Real("kappa", 0.4, 0, double.MaxValue, "PPO clip κ of the likelihood ratio"),
        ParameterSpec.Real("budget_rel", 1.1, 0, double.MaxValue, "likelihood budget ε as a multiple of J(θ0) on the steps s < T′"),
        ParameterSpec.Real("eta", 0.01, 0, double.MaxValue, "dual step η of α"),
        ParameterSpec.Real("alpha0", 1, 0, double.MaxValue, "initial dual variable α"),
        ParameterSpec.Real("adv_lr", 1e-6, 0, double.MaxValue, "adversary Adam learning rate (0: a frozen adversary, the ablation)"),
        ParameterSpec.Real("pred_lr", 1e-6, 0, double.MaxValue, "predictor Adam learning rate in the decision halves"),
        ParameterSpec.Int("rounds", 15, 1, int.MaxValue, "rounds (outer epochs), each an adversary half and a decision half"),
        ParameterSpec.Int("inner_epochs", 10, 1, int.MaxValue, "adversary inner epochs per round"),
        ParameterSpec.Int("inner_steps", 4, 1, int.MaxValue, "adversary steps per inner epoch"),
        ParameterSpec.Int("adv_batch", 64, 1, int.MaxValue, "reference sequences per adversary step"),
        ParameterSpec.Int("ref_images", 256, 1, int.MaxValue, "reference images Z0 drawn from θ0 (the same every round)"),
        ParameterSpec.Int("adv_images", 64, 1, int.MaxValue, "images per decision half (from Sθ, or real training images with finetune_on real)"),
        ParameterSpec.Int("decision_epochs", 1, 1, int.MaxValue, "predictor epochs per decision half"),
        ParameterSpec.Text("finetune_on", "generated", ["generated", "real"], "fine-tune on Sθ (3D-Learning) or on real training sequences (the ablation, no adversary)"),
    ], Read);

    public static AdversarySettings Read(CellSettings s) => new(
        TPrime: s.Int("t_prime"), Kappa: s.Real("kappa"), BudgetRelative: s.Real("budget_rel"), Eta: s.Real("eta"), Alpha0: s.Real("alpha0"),
        AdversaryLearningRate: s.Real("adv_lr"), PredictorLearningRate: s.Real("pred_lr"),
        Rounds: s.Int("rounds"), InnerEpochs: s.Int("inner_epochs"), StepsPerInnerEpoch: s.Int("inner_steps"),
        Batch: s.Int("adv_batch"), ReferenceImages: s.Int("ref_images"), AdversarialImages: s.Int("adv_images"),
        DecisionEpochs: s.Int("decision_epochs"), FineTuneOnReal: s.Text("finetune_on") == "real");
}
