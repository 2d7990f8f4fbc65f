using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>Per-sample decision loss f_i = −R(â(h_w(v_i)), c_i) of normalised predictions and targets.</summary>
public delegate Tensor PerSampleLoss(Tensor predicted, Tensor targets);

/// <summary>A training objective over one mini-batch (DFL, a DRO reformulation, an augmentation).</summary>
public interface IBatchLoss
{
    Tensor Loss(LstmForecaster model, Tensor inputs, Tensor targets, PerSampleLoss f);
}
