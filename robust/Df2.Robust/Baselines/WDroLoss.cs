using Df2.Learning.Methods.Robust;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>W-DRO: the decision loss on the Frank–Wolfe worst case of the batch (the attack runs in eval mode).</summary>
public sealed class WDroLoss(double epsilon, int steps) : IBatchLoss
{
    public Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f)
    {
        model.eval();
        var adversarial = WassersteinAttack.Run(x => f(model.call(x), targets), inputs, epsilon, steps, (0, 1));
        model.train();
        return f(model.call(adversarial), targets).mean();
    }
}
