using Df2.Learning.Tasks;

namespace Df2.Learning.Running;

/// <summary>The one training loop's settings (<see cref="CellTrainer"/>), declared by every method it trains.</summary>
public sealed record TrainerSettings(int Epochs, double LearningRate, int Batch, double Clip, int ValEvery, int MaxTrain, int MaxVal, int MaxTest)
    : ISettingsRecord<TrainerSettings>
{
    public static SettingsGroup Group { get; } = new("trainer", "the one training loop (every DF2-family method)",
    [
        ParameterSpec.Int("epochs", 200, 1, 100_000, "training epochs (paper: synthetic 50, wind/inventory 200, vaccine 50)"),
        ParameterSpec.Real("lr", 1e-3, 1e-12, 1e12, "Adam learning rate (paper: 1e-3; vaccine 1e-4)"),
        ParameterSpec.Int("batch", 64, 1, 1_000_000, "mini-batch size"),
        ParameterSpec.Real("clip", 100, 0, 1e12, "clip the gradient's global norm at this value before every Adam step (0 = off)"),
        ParameterSpec.Int("val_every", 1, 0, 100_000, "evaluate the validation decision regret every N epochs and keep the best parameters (0 = off, use the last epoch)"),
        ParameterSpec.Int("max_train", 0, 0, 10_000_000, "use at most this many (latest) training windows; 0 = all"),
        ParameterSpec.Int("max_val", 0, 0, 10_000_000, "validation windows used for model selection (first N; 0 = all)"),
        ParameterSpec.Int("max_test", 0, 0, 10_000_000, "evaluate at most this many (first) test windows; 0 = all"),
    ], Read);

    public static TrainerSettings Read(CellSettings s) =>
        new(s.Int("epochs"), s.Real("lr"), s.Int("batch"), s.Real("clip"), s.Int("val_every"), s.Int("max_train"), s.Int("max_val"), s.Int("max_test"));
}
