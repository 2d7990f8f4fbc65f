using static TorchSharp.torch;

namespace Df2.Learning.Nets;

/// <summary>A backbone mapping x [B, SeqLen, StepFeatures] to features [B, OutputSize], shared by every method.</summary>
public abstract class SequenceEncoder(string name) : nn.Module<Tensor, Tensor>(name)
{
    public abstract int OutputSize { get; }
}
