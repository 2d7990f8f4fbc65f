using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// A warm-started method's two phases (<see cref="WarmStartedGmmMethod"/>): two-stage NLL pre-training, then the
/// decision-focused phase at its own learning rate and batch budget.
/// </summary>
public sealed record WarmStartSettings(int PretrainEpochsGiven, double FineTuneLearningRate, int FineTuneMaxBatches) : ISettingsRecord<WarmStartSettings>
{
    public static SettingsGroup Group { get; } = new("warm-start", "the warm-started methods' two phases (dfl, so-ebm, lodl, the robust DFL variants)",
    [
        ParameterSpec.Int("pretrain_epochs", 0, 0, 100_000, "two-stage NLL epochs before the decision-focused phase (0 = epochs/2)"),
        ParameterSpec.Real("finetune_lr", 1e-4, 1e-12, 10, "Adam learning rate of the decision-focused phase (fine-tuning the pre-trained model)"),
        ParameterSpec.Int("df_max_batches", 0, 0, 1_000_000, "at most N shuffled mini-batches per decision-focused epoch (a compute budget knob; 0 = all)"),
    ], Read);

    public static WarmStartSettings Read(CellSettings s) => new(s.Int("pretrain_epochs"), s.Real("finetune_lr"), s.Int("df_max_batches"));

    /// <summary>Pre-training epochs: <c>pretrain_epochs</c>, or <paramref name="epochs"/>/2 (at least 1) when 0.</summary>
    public int PretrainEpochs(int epochs) => PretrainEpochsGiven > 0 ? PretrainEpochsGiven : Math.Max(1, epochs / 2);
}
