using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Methods;
using Df2.Learning.Running;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// The shared schedule of dfl, so-ebm and lodl (paper App. F: "pre-trained from the two-stage model"):
/// the GMM forecaster is trained by NLL for <see cref="CellSettings.PretrainEpochs"/> epochs, then on
/// the method's own decision-focused loss, <see cref="EpochCount"/> epochs in all. Needs a separable box task
/// (wind, inventory) or a budget-simplex task (vaccine, <see cref="SimplexDecisions"/>).
/// Deriving from this class is what makes a method warm-started: the registry reads it from the type
/// (<see cref="MethodDescriptor.WarmStarted"/>).
/// </summary>
public abstract class WarmStartedGmmMethod : TwoStageGmmMethod
{
    private readonly int _pretrain;
    private readonly string _name;

    protected WarmStartedGmmMethod(string name, IDecisionTask task, CellSettings s) : base(task, s)
    {
        if (task.Separable == null && SimplexDecisions.TryOf(task) == null)
            throw new ArgumentException($"method '{name}' needs a separable box task or a budget-simplex task; '{task.Name}' is neither", nameof(task));
        _pretrain = PretrainEpochs(s);
        _name = name;
    }

    /// <summary>Pre-training plus decision-focused epochs: <c>pretrain_epochs</c> (0 = epochs/2) + <c>epochs</c>.</summary>
    public static int EpochCount(CellSettings s) => PretrainEpochs(s) + s.Get<TrainerSettings>().Epochs;

    /// <summary>Pre-training epochs: <c>pretrain_epochs</c>, or <c>epochs</c>/2 (at least 1) when 0.</summary>
    private static int PretrainEpochs(CellSettings s) => s.Get<WarmStartSettings>().PretrainEpochs(s.Get<TrainerSettings>().Epochs);

    public sealed override string Phase(int epoch) => FineTunes(epoch) ? _name : "pretrain";

    public sealed override bool FineTunes(int epoch) => epoch >= _pretrain;

    public sealed override Tensor BatchLoss(int[] rows, int epoch, DataRng rng) =>
        FineTunes(epoch) ? DecisionFocusedLoss(rows, rng) : NllLoss(rows);

    /// <summary>The method's loss on training rows after the pre-training epochs.</summary>
    protected abstract Tensor DecisionFocusedLoss(int[] rows, DataRng rng);
}
