using Df2.Learning.Methods.Robust;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// Divergence-ball DRO in its per-sample dual form: loss = Σ_i p_i ℓ_i with p the worst-case distribution over the
/// batch (detached; by the envelope theorem its gradient is that of the dual objective at the optimal multiplier).
/// KL-DRO: p = softmax(ℓ/α*) (<see cref="KlDroWeights"/>; not the reference code's batch-mean form); χ²-DRO (beyond
/// the paper): p ∝ (ℓ − η*)₊ (<see cref="ChiSquareDroWeights"/>).
/// </summary>
public sealed class WorstCaseLoss(Func<Tensor, Tensor> worstCaseWeights) : IBatchLoss
{
    public static WorstCaseLoss Kl(double rho) => new(losses => KlDroWeights.Solve(losses, rho).Weights);

    public static WorstCaseLoss ChiSquare(double rho) => new(losses => ChiSquareDroWeights.Solve(losses, rho).Weights);

    public Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f)
    {
        var losses = f(model.call(inputs), targets);
        return (worstCaseWeights(losses) * losses).sum();
    }
}
