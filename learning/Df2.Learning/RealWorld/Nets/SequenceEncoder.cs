using Df2.Engine.NN;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>A backbone mapping x [B, SeqLen, StepFeatures] to features [B, OutputSize], shared by every method.</summary>
public abstract class SequenceEncoder : Module
{
    public abstract int OutputSize { get; }
}
