using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>What every method needs to score a prediction: the data, the objective and the device.</summary>
public sealed class LlmContext(LlmProvisioningData data, ProvisioningObjective objective, Device device)
{
    public LlmProvisioningData Data => data;
    public ProvisioningObjective Objective => objective;
    public Device Device => device;

    /// <summary>f_i = −R(â(ĉ_i), c_i) with ĉ and c de-normalised by 23V's range (the training data are 23V).</summary>
    public Tensor DecisionLoss(Tensor predicted, Tensor targets) =>
        objective.DecisionLoss(data.Range23V.ToTokens(predicted), data.Range23V.ToTokens(targets));

    public RegretResult Evaluate(Func<Tensor, Tensor> forecast, SequenceSet set, Func<Tensor, Tensor>? corrupt = null) =>
        TestSetEvaluator.Evaluate(forecast, set, data.Range23V, objective, device, corrupt);
}
