using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.Methods;

/// <summary>
/// DF2's attention-point network (eq. 4): encoder q: x → ℝ^d (MLP, 1 hidden ReLU layer),
/// keys K ∈ ℝ^{S×d} (N(0, 1) init), values V ∈ ℝ^{S×2} (given init: training labels).
/// Attention weights w(x) = softmax(q(x) Kᵀ / √d) ∈ Δ^S.
/// </summary>
public sealed class Df2Network : Module
{
    private readonly Mlp _encoder;
    private readonly int _d;

    public Tensor Keys { get; }
    public Tensor Values { get; }
    public int Points => Values.Shape[0];

    public Df2Network(int inputs, int hidden, int d, int points, float[] valueInit, Rng rng)
    {
        _d = d;
        _encoder = Register("encoder", new Mlp(inputs, hidden, d, rng));
        var keys = rng.Normal(0f, 1f, points, d);
        keys.RequiresGrad = true;
        Keys = Register("keys", keys);
        var values = Tensor.FromArray(valueInit, points, 2);
        values.RequiresGrad = true;
        Values = Register("values", values);
    }

    /// <summary>w = softmax(q(x) Kᵀ / √d) over the S points, [B, S].</summary>
    public Tensor AttentionWeights(Tensor x)
    {
        var q = _encoder.Forward(x);                                  // [B, d]
        var logits = q.MatMul(Keys.Transpose(0, 1)) * (1f / MathF.Sqrt(_d)); // [B, S]
        return logits.Softmax(1);
    }
}
