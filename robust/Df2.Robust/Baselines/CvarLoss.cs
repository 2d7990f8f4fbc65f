using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>CVaR_β (beyond the paper): the mean of the ⌈β·n⌉ largest per-sample losses of the batch.</summary>
public sealed class CvarLoss(double beta) : IBatchLoss
{
    public Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f)
    {
        var losses = f(model.call(inputs), targets);
        var k = (int)Math.Max(1, Math.Ceiling(beta * losses.shape[0]));
        return losses.topk(k).values.mean();
    }
}
