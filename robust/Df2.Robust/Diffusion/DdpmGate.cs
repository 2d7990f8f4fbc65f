using System.Globalization;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Nets;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// The quality gate of a pre-trained DDPM (issue 18): <see cref="Images"/> images sampled from θ0 (full ancestral
/// chain) are compared with the held-back real sequences (23V-val, which pre-training never sees); the DDPM passes when
/// W1 ≤ <see cref="MaxW1"/>, the share outside [0, 1] &lt; <see cref="MaxOutside"/> and |lag-1 gen − lag-1 real| ≤
/// <see cref="MaxLag1Gap"/>. Defaults: W1 0.015 (real 23V-val vs 23V-train measure 0.0122), 1 %, 0.1.
/// With <see cref="Extend"/> &gt; 0 a DDPM that fails trains <see cref="Extend"/> more iterations and is measured again,
/// up to <see cref="MaxIterations"/> in all (the same rule for every seed: one that passes at the first check is the DDPM it
/// would be without the rule, since training is resumable bit for bit and the gate draws from its own stream).
/// </summary>
public sealed record DdpmGate(double MaxW1 = 0.015, double MaxOutside = 0.01, double MaxLag1Gap = 0.1, int Images = 16,
    int Extend = 0, int MaxIterations = 0) : ISettingsRecord<DdpmGate>
{
    public static SettingsGroup Group { get; } = new("ddpm-gate", "the DDPM quality gate and its extension rule (with the ddpm record)",
    [
        ParameterSpec.Real("gate_w1", 0.015, 0, double.MaxValue, "largest W1 between generated and held-back pixel values"),
        ParameterSpec.Real("gate_outside", 0.01, 0, double.MaxValue, "largest share of generated pixels outside [0, 1] (exclusive)"),
        ParameterSpec.Real("gate_lag1", 0.1, 0, double.MaxValue, "largest |lag-1 autocorrelation gap| to the real sequences"),
        ParameterSpec.Int("gate_images", 16, 1, int.MaxValue, "generated images measured"),
        ParameterSpec.Int("ddpm_extend", 0, 0, int.MaxValue, "when θ0 fails, train this many more iterations and measure again (0 = fail at once)"),
        ParameterSpec.Int("ddpm_max_iters", 0, 0, int.MaxValue, "the most iterations ddpm_extend may reach (0 = twice ddpm_iters)"),
    ], Read);

    /// <summary>The gate of a cell; <c>ddpm_max_iters</c> (0: twice <c>ddpm_iters</c>) must not be below <c>ddpm_iters</c> when the rule is on.</summary>
    public static DdpmGate Read(CellSettings s)
    {
        int iterations = s.Int("ddpm_iters"), extend = s.Int("ddpm_extend");
        var max = s.Int("ddpm_max_iters") > 0 ? s.Int("ddpm_max_iters") : 2 * iterations;
        if (extend > 0 && max < iterations)
            throw new ParameterException("ddpm_max_iters", $"parameter 'ddpm_max_iters' = {max} is below ddpm_iters = {iterations}");
        return new(s.Real("gate_w1"), s.Real("gate_outside"), s.Real("gate_lag1"), s.Int("gate_images"), extend, extend > 0 ? max : 0);
    }

    /// <summary>
    /// The iteration counts at which the gate is measured for a DDPM of <paramref name="iterations"/>: that count, then
    /// every <see cref="Extend"/> more up to <see cref="MaxIterations"/> (the last check at the cap).
    /// </summary>
    public IReadOnlyList<int> Checks(int iterations)
    {
        var checks = new List<int> { iterations };
        if (Extend > 0)
            while (checks[^1] < MaxIterations) checks.Add(Math.Min(MaxIterations, checks[^1] + Extend));
        return checks;
    }

    public DdpmQuality Measure(UNet network, NoiseSchedule schedule, Tensor heldBackSequences, int seed)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(StreamSeeds.For(seed, StreamPurpose.Gate));
        network.eval();
        var images = AncestralSampler.Sample(schedule, (x, t) => network.call(x, t), Images, heldBackSequences.device, generator);
        return DdpmQuality.Measure(SeriesImages.ToSequences(images), heldBackSequences);
    }

    public bool Passes(DdpmQuality q) => q.W1 <= MaxW1 && q.OutsideShare < MaxOutside && q.Lag1Gap <= MaxLag1Gap;

    /// <summary>Throws a permanent <see cref="CellFailedException"/> naming every figure and its threshold when <paramref name="q"/> fails.</summary>
    public void Check(DdpmQuality q)
    {
        if (Passes(q)) return;
        string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
        throw new CellFailedException(
            $"DDPM quality gate failed on {Images} generated images vs the held-back 23V-val sequences: " +
            $"W1 {F(q.W1)} (max {F(MaxW1)}), outside [0, 1] {F(q.OutsideShare)} (must be < {F(MaxOutside)}), " +
            $"lag-1 {F(q.Lag1)} vs real {F(q.RealLag1)}, gap {F(q.Lag1Gap)} (max {F(MaxLag1Gap)}); " +
            "train the DDPM longer (ddpm_iters, or ddpm_extend / ddpm_max_iters) or loosen gate_w1 / gate_outside / gate_lag1 for a smoke test");
    }
}
