using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Robust.Baselines;

/// <summary>Predictor training: epochs, Adam learning rate, mini-batch size.</summary>
public sealed record TrainSettings(int Epochs, double LearningRate, int Batch);

/// <summary>
/// The DFL predictor's training (the dependency cell dfl-predictor, which dfl, the baselines and 3dl start from): DFL epochs,
/// Adam rate, and the mini-batch every 3D-Learning predictor trains with.
/// </summary>
public sealed record DflPredictorSettings(TrainSettings Training) : ISettingsRecord<DflPredictorSettings>
{
    /// <summary>The mini-batch of the DFL predictor and of every baseline fine-tuned from it (one key, both records).</summary>
    public static readonly ParameterSpec Batch = ParameterSpec.Int("batch", 64, 1, int.MaxValue, "mini-batch of the DFL predictor and every baseline (sequences)");

    public static SettingsGroup Group { get; } = new("dfl-predictor", "the DFL predictor's training (3D-Learning's dependency cell)",
    [
        Batch,
        ParameterSpec.Int("dfl_epochs", 20, 1, int.MaxValue, "DFL training epochs"),
        ParameterSpec.Real("dfl_lr", 1e-3, 0, double.MaxValue, "Adam learning rate of the DFL predictor"),
    ], Read);

    public static DflPredictorSettings Read(CellSettings s) => new(new TrainSettings(s.Int("dfl_epochs"), s.Real("dfl_lr"), s.Int("batch")));
}

/// <summary>The DRO and augmentation baselines' fine-tuning from the DFL predictor: epochs and Adam rate (its batch: <see cref="DflPredictorSettings.Batch"/>).</summary>
public sealed record BaselineSettings(TrainSettings Training) : ISettingsRecord<BaselineSettings>
{
    public static SettingsGroup Group { get; } = new("baseline", "the DRO and augmentation baselines' fine-tuning from the DFL predictor (llm-provisioning)",
    [
        DflPredictorSettings.Batch,
        ParameterSpec.Int("epochs", 20, 0, int.MaxValue, "epochs from the DFL predictor"),
        ParameterSpec.Real("lr", 2e-5, 0, double.MaxValue, "Adam learning rate"),
    ], Read);

    public static BaselineSettings Read(CellSettings s) => new(new TrainSettings(s.Int("epochs"), s.Real("lr"), s.Int("batch")));
}
