using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Robust.Diffusion;

/// <summary>DDPM pre-training: network size, iterations, batch, Adam rate, checkpoint period, schedule.</summary>
public sealed record DdpmSettings(UNetConfig Net, int Iterations, int Batch, double LearningRate, int CheckpointEvery,
    int Steps = 500, double BetaFirst = 0.05, double BetaLast = 0.1) : ISettingsRecord<DdpmSettings>
{
    /// <summary>Paper: 7000 iterations, batch 64, Adam 1e-4, T = 500, β 0.05 → 0.1.</summary>
    public static DdpmSettings Paper => new(UNetConfig.Paper, 7000, 64, 1e-4, 500);

    /// <summary>A default of NaN is derived from other parameters (said in the description).</summary>
    public static SettingsGroup Group { get; } = new("ddpm", "the DDPM θ0 (3D-Learning's dependency cell ddpm-pretrain, which ddpm and 3dl use)",
    [
        ParameterSpec.Text("unet", "ch=32,mult=1-2-2,attn=1,res=1,dropout=0.1,groups=8", null, "UNet: channels, multipliers, attention levels, res blocks, dropout, GroupNorm groups"),
        ParameterSpec.Int("diffusion_steps", 500, 2, int.MaxValue, "diffusion steps T"),
        ParameterSpec.Real("beta_first", double.NaN, 1e-12, 0.999999, "β_1 (default 5/T, so Σβ = 7.5 at every T)"),
        ParameterSpec.Real("beta_last", double.NaN, 1e-12, 0.999999, "β_T (default 10/T)"),
        ParameterSpec.Int("ddpm_iters", 2000, 1, int.MaxValue, "training iterations"),
        ParameterSpec.Int("ddpm_batch", 64, 1, int.MaxValue, "images per iteration"),
        ParameterSpec.Real("ddpm_lr", 1e-4, 0, double.MaxValue, "Adam learning rate"),
        ParameterSpec.Int("ddpm_ckpt_every", 250, 1, int.MaxValue, "iterations between checkpoints"),
    ], Read);

    public static DdpmSettings Read(CellSettings s)
    {
        UNetConfig unet;
        try { unet = UNetConfig.Parse(s.Text("unet")); }
        catch (Exception e) when (e is FormatException or ArgumentException) { throw new ParameterException("unet", $"parameter 'unet': {e.Message}"); }
        var steps = s.Int("diffusion_steps");
        var (first, last) = NoiseSchedule.ScaledBetas(steps);   // unless given: β scaled with T
        return new(unet, s.Int("ddpm_iters"), s.Int("ddpm_batch"), s.Real("ddpm_lr"), s.Int("ddpm_ckpt_every"), steps,
            s.Given("beta_first") ? s.Real("beta_first") : first, s.Given("beta_last") ? s.Real("beta_last") : last);
    }

    public NoiseSchedule Schedule() => new(Steps, BetaFirst, BetaLast);

    public string Key => $"{Net};it={Iterations};b={Batch};lr={LearningRate:R};T={Steps};beta={BetaFirst:R}-{BetaLast:R}";
}
