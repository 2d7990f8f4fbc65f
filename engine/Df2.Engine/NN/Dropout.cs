namespace Df2.Engine.NN;

/// <summary>Inverted dropout: in training, y = x·m/(1−p) with m ~ Bernoulli(1−p) from the module's Rng; identity in eval.</summary>
public sealed class Dropout : Module
{
    private readonly Rng _rng;

    public Dropout(float p, Rng rng)
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), "Dropout p must be in [0, 1).");
        P = p; _rng = rng;
    }

    public float P { get; }

    public override Tensor Forward(Tensor x)
    {
        if (!Training || P == 0) return x;
        var m = new float[x.Numel];
        float keep = 1f / (1f - P);
        for (int i = 0; i < m.Length; i++) m[i] = _rng.NextUniform() >= P ? keep : 0f;
        return x.Mul(Tensor.Wrap(m, x.Shape));
    }
}
