namespace Df2.Engine.NN;

/// <summary>
/// y = x·Wᵀ + b, W [out, in], b [out]. PyTorch default init: W ~ U(−1/√in, 1/√in)
/// (kaiming_uniform with a = √5) and b ~ U(−1/√in, 1/√in).
/// </summary>
public sealed class Linear : Module
{
    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    public int InFeatures { get; }
    public int OutFeatures { get; }

    public Linear(int inF, int outF, Rng rng, bool bias = true)
    {
        InFeatures = inF; OutFeatures = outF;
        float bound = 1f / MathF.Sqrt(inF);
        Weight = Register("weight", rng.Uniform(-bound, bound, outF, inF));
        if (bias) Bias = Register("bias", rng.Uniform(-bound, bound, outF));
    }

    public override Tensor Forward(Tensor x) => Tensor.Linear(x, Weight, Bias);
}
