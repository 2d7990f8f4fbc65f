using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// DDPM schedule (Ho et al.), 0-based steps s = 0..T−1: β linear from β_first to β_last (paper: 0.05 → 0.1,
/// T = 500), α_s = 1 − β_s, ᾱ_s = Π_{j≤s} α_j, posterior variance β̃_s = (1 − ᾱ_{s−1})/(1 − ᾱ_s)·β_s (β̃_0 = 0).
/// </summary>
public sealed class NoiseSchedule
{
    public int Steps { get; }
    public double[] Beta { get; }
    public double[] Alpha { get; }
    public double[] AlphaBar { get; }
    public double[] PosteriorVariance { get; }

    public NoiseSchedule(int steps = 500, double betaFirst = 0.05, double betaLast = 0.1)
    {
        if (steps < 2) throw new ArgumentException($"diffusion steps must be ≥ 2, got {steps}");
        if (!(betaFirst > 0 && betaFirst < 1 && betaLast > 0 && betaLast < 1))
            throw new ArgumentException($"β must lie in (0, 1), got {betaFirst} → {betaLast}");
        Steps = steps;
        Beta = Enumerable.Range(0, steps).Select(s => betaFirst + (betaLast - betaFirst) * s / (steps - 1)).ToArray();
        Alpha = Beta.Select(b => 1 - b).ToArray();
        AlphaBar = new double[steps];
        var product = 1.0;
        for (var s = 0; s < steps; s++) AlphaBar[s] = product *= Alpha[s];
        PosteriorVariance = Enumerable.Range(0, steps)
            .Select(s => s == 0 ? 0 : (1 - AlphaBar[s - 1]) / (1 - AlphaBar[s]) * Beta[s]).ToArray();
    }

    /// <summary>
    /// β consistent with T: linear from β_1 = 5/T to β_T = 10/T (capped at 0.999), the paper's 0.05 → 0.1 at T = 100
    /// rescaled so that Σβ = 7.5 whatever T: ᾱ_T ≈ 3e-4 – 5e-4 (x_T is noise) and Π 1/√α_s ≈ 44 – 59 for T = 50 – 500.
    /// The paper's 0.05 → 0.1 kept at other T gives ᾱ_T = 0.020 at T = 50 (x_T is not noise) and Π 1/√α_s = 3e8 at
    /// T = 500. Chosen by measurement at T = 100 (ch 8, 400 iterations): this range W1 0.418, Ho et al.'s range
    /// rescaled to T (0.1/T → 20/T, Π 1/√α_s = 221) W1 2.24 (docs/reproduction-3dl.md, "DDPM quality gate").
    /// </summary>
    public static (double First, double Last) ScaledBetas(int steps) => (Math.Min(5.0 / steps, 0.999), Math.Min(10.0 / steps, 0.999));

    private static Tensor Gather(double[] values, Tensor t) =>
        tensor(values.Select(v => (float)v).ToArray(), device: t.device).index_select(0, t).reshape(-1, 1, 1, 1);

    /// <summary>q(x_s | x_0): √ᾱ_s·x_0 + √(1 − ᾱ_s)·ε.</summary>
    public Tensor QSample(Tensor x0, Tensor t, Tensor noise) =>
        Gather(AlphaBar, t).sqrt() * x0 + (1 - Gather(AlphaBar, t)).sqrt() * noise;

    /// <summary>The reverse mean μ(x_{s+1} → x_s) = (x − β_s/√(1 − ᾱ_s)·ε̂)/√α_s at step s.</summary>
    public Tensor Mean(Tensor x, int s, Tensor predictedNoise) =>
        (x - Beta[s] / Math.Sqrt(1 - AlphaBar[s]) * predictedNoise) / Math.Sqrt(Alpha[s]);

    /// <summary>
    /// Variance used in the likelihood ratio of step s: β̃_s, except the final step s = 0 whose sampling noise is
    /// zero (a point mass); there the ratio uses β_0, Ho et al.'s other choice of σ².
    /// </summary>
    public double RatioVariance(int s) => s == 0 ? Beta[0] : PosteriorVariance[s];

    /// <summary>
    /// The denoising score-matching loss J: E_{s ~ U{0..S−1}, ε} ‖ε − ε_θ(x_s, s)‖² (mean over pixels), S =
    /// <paramref name="steps"/> (all T by default; 3D-L's constraint uses S = T′, the steps θ acts on).
    /// </summary>
    public Tensor DenoisingLoss(Func<Tensor, Tensor, Tensor> predictor, Tensor x0, Generator generator, int? steps = null)
    {
        var t = randint(0, steps ?? Steps, [x0.shape[0]], generator: generator).to(x0.device);
        var noise = randn(x0.shape, generator: generator).to(x0.device);
        return nn.functional.mse_loss(predictor(QSample(x0, t, noise), t), noise);
    }
}
