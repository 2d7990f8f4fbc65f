using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>DFL / ERM: min_w mean_i f(y*(h_w(v_i)), c_i) (spec "Formulation").</summary>
public sealed class DecisionFocusedLoss : IBatchLoss
{
    public Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f) =>
        f(model.call(inputs), targets).mean();
}
