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
    int ReferenceImages = 256, int AdversarialImages = 64, int DecisionEpochs = 1, bool FineTuneOnReal = false);
