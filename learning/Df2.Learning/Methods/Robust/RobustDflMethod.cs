using Df2.Learning.Data;
using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Nets;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.Robust;

/// <summary>
/// 3D-Learning's robust baselines on the DF2 paper's tasks: DFL (<see cref="DflMethod"/>: the two-stage GMM pre-trained by
/// NLL, then trained end to end through the SAA argmin) whose decision-focused phase minimises a robust objective of the
/// per-sample task losses ℓ_b = f(y_b, â(x_b)) instead of their mean (<see cref="RobustObjective"/>) — as 3D-Learning's
/// baselines fine-tune its DFL predictor. W-DRO attacks the feature window x (ℓ2 Wasserstein ball of radius w_eps, no
/// clip: the features are not bounded); the augmentations perturb a copy of x and keep its y (the cost needs a y in the
/// task's domain). Noise comes from the method's sample stream, so a seed gives the same numbers.
/// </summary>
public sealed class RobustDflMethod : DflMethod
{
    private readonly string _objective;

    public RobustDflMethod(string objective, IDecisionTask task, CellSettings s) : base(objective, task, s)
    {
        if (!RobustObjective.Names.Contains(objective)) throw new ArgumentException($"robust objective '{objective}' is not one of {string.Join(", ", RobustObjective.Names)}");
        _objective = objective;
    }

    protected override Tensor DecisionFocusedLoss(int[] rows, DataRng rng)
    {
        var o = Settings.Get<RobustObjectiveSettings>();
        var x = Features(Task.Data.Train, rows);
        var y = LabelTensor(Task.Data.Train, rows);
        switch (_objective)
        {
            case RobustObjective.Kl:
            {
                var losses = PerSampleTaskLoss(x, y);
                return RobustObjective.WorstCase(losses, KlDroWeights.Solve(losses, o.KlRadius).Weights);
            }
            case RobustObjective.ChiSquare:
            {
                var losses = PerSampleTaskLoss(x, y);
                return RobustObjective.WorstCase(losses, ChiSquareDroWeights.Solve(losses, o.ChiSquareRadius).Weights);
            }
            case RobustObjective.Cvar:
                return RobustObjective.TailMean(PerSampleTaskLoss(x, y), o.CvarBeta);
            case RobustObjective.Wasserstein:
            {
                var adversarial = WassersteinAttack.Run(v => PerSampleTaskLoss(v, y), x, o.WassersteinBudget, o.FrankWolfeSteps);
                return PerSampleTaskLoss(adversarial, y).mean();
            }
            default:
            {
                var copy = _objective == RobustObjective.Gaussian
                    ? x + HostRandom.Normal(SampleRng, 0f, (float)o.GaussianSigma, Device, x.shape)
                    : x * (HostRandom.Uniform(SampleRng, 0f, 1f, Device, x.shape) >= o.CutoutProbability).to(x.dtype);
                return PerSampleTaskLoss(cat([x, copy], 0), cat([y, y], 0)).mean();
            }
        }
    }
}
