using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// The forecasting samples of a set of sequences: inputs (n·21) × 7 × 1 (slots t−7..t−1) and targets
/// n·21 (slot t), t = 7..27, in sequence-major order, all in the normalised space.
/// </summary>
public static class ForecastWindows
{
    public static (Tensor Inputs, Tensor Targets) Of(Tensor sequences)
    {
        var n = sequences.shape[0];
        var windows = sequences.unfold(1, SequenceSet.Window, 1)[.., ..SequenceSet.Predictions];   // n × 21 × 7
        var inputs = windows.reshape(n * SequenceSet.Predictions, SequenceSet.Window, 1).contiguous();
        var targets = sequences[.., SequenceSet.Window..].reshape(-1).contiguous();
        return (inputs, targets);
    }
}
