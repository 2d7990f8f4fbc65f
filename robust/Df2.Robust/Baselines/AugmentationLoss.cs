using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// Data augmentation (paper form): the batch plus one augmented copy of every sample (window and target).
/// Gaussian: add N(0, σ²), σ = 0.05 on the normalised data. Cutout: zero each slot with probability 5 %. The draws
/// come from <paramref name="noise"/> (the cell's generator), never from libtorch's process-wide one.
/// </summary>
public sealed class AugmentationLoss(string kind, double strength, Generator noise) : IBatchLoss
{
    public Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f)
    {
        var sample = cat([inputs.squeeze(-1), targets.unsqueeze(-1)], 1);   // B × 8
        var copy = kind switch
        {
            "gaussian" => sample + randn(sample.shape, sample.dtype, generator: noise).to(sample.device) * strength,
            "cutout" => sample * (rand(sample.shape, sample.dtype, generator: noise).to(sample.device) >= strength).to(sample.dtype),
            _ => throw new ArgumentException($"augmentation '{kind}' is not one of: gaussian, cutout"),
        };
        var x = cat([inputs, copy[.., ..SequenceSet.Window].unsqueeze(-1)], 0);
        var y = cat([targets, copy[.., SequenceSet.Window]], 0);
        return f(model.call(x), y).mean();
    }
}
