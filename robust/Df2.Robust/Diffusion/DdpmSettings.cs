namespace Df2.Robust.Diffusion;

/// <summary>DDPM pre-training: network size, iterations, batch, Adam rate, checkpoint period, schedule.</summary>
public sealed record DdpmSettings(UNetConfig Net, int Iterations, int Batch, double LearningRate, int CheckpointEvery,
    int Steps = 500, double BetaFirst = 0.05, double BetaLast = 0.1)
{
    /// <summary>Paper: 7000 iterations, batch 64, Adam 1e-4, T = 500, β 0.05 → 0.1.</summary>
    public static DdpmSettings Paper => new(UNetConfig.Paper, 7000, 64, 1e-4, 500);

    public NoiseSchedule Schedule() => new(Steps, BetaFirst, BetaLast);

    public string Key => $"{Net};it={Iterations};b={Batch};lr={LearningRate:R};T={Steps};beta={BetaFirst:R}-{BetaLast:R}";
}
