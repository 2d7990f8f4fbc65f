using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// χ²-DRO (beyond the paper), per sample: loss = Σ_i p_i ℓ_i with the worst-case weights of
/// <see cref="ChiSquareDroWeights"/> (detached; at the optimum the weights' own variation does not change the
/// value to first order, as for KL-DRO).
/// </summary>
public sealed class ChiSquareDroLoss(double rho) : IBatchLoss
{
    public Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f)
    {
        var losses = f(model.call(inputs), targets);
        var (_, weights) = ChiSquareDroWeights.Solve(losses, rho);
        return (weights * losses).sum();
    }
}
