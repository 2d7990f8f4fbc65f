using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// KL-DRO in its per-sample dual form: loss = Σ_i p_i ℓ_i with p = softmax(ℓ/α*) (detached; by the envelope
/// theorem its gradient is that of the dual objective at α*). Not the reference code's batch-mean form.
/// </summary>
public sealed class KlDroLoss(double rho) : IBatchLoss
{
    public Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f)
    {
        var losses = f(model.call(inputs), targets);
        var (_, weights) = KlDroWeights.Solve(losses, rho);
        return (weights * losses).sum();
    }
}
