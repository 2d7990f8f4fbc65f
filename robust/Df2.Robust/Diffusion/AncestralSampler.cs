using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// Ancestral DDPM sampling: x_T ~ N(0, I); step s (s = T−1..0) maps X[s+1] to X[s] = μ_θ(X[s+1], s) + σ_s·z,
/// σ_s² = β̃_s, no noise at the last step (s = 0), no clipping. <c>networkForStep</c> picks the network per
/// step (3D-L: the adapted θ for s &lt; T′, the frozen θ0 otherwise).
/// </summary>
public static class AncestralSampler
{
    /// <summary>
    /// Applies steps fromStep − 1 .. toStep to <paramref name="start"/> = X[fromStep] and returns X[toStep].
    /// When <paramref name="states"/> is given it receives X[fromStep], X[fromStep − 1], …, X[toStep].
    /// </summary>
    public static Tensor Run(NoiseSchedule schedule, Func<int, Func<Tensor, Tensor, Tensor>> networkForStep,
        Tensor start, int fromStep, int toStep, Generator generator, List<Tensor>? states = null)
    {
        using var noGrad = no_grad();
        var x = start.clone();
        states?.Add(x.clone());
        for (var s = fromStep - 1; s >= toStep; s--)
        {
            using (var scope = NewDisposeScope())
            {
                var steps = full([x.shape[0]], s, dtype: int64, device: x.device);
                var mean = schedule.Mean(x, s, networkForStep(s)(x, steps));
                var next = s > 0
                    ? mean + Math.Sqrt(schedule.PosteriorVariance[s]) * randn(x.shape, generator: generator).to(x.device)
                    : mean;
                var previous = x;
                x = next.MoveToOuterDisposeScope();
                previous.Dispose();
            }
            states?.Add(x.clone());
        }
        return x;
    }

    /// <summary>Full sampling of <paramref name="count"/> images with one network: X[T] ~ N(0, I) → X[0].</summary>
    public static Tensor Sample(NoiseSchedule schedule, Func<Tensor, Tensor, Tensor> network, long count, Device device, Generator generator)
    {
        var start = randn([count, 1, SeriesImages.Size, SeriesImages.Size], generator: generator).to(device);
        return Run(schedule, _ => network, start, schedule.Steps, 0, generator);
    }
}
