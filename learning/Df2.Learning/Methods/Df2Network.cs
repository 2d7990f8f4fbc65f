using Df2.Kernels.Random;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// DF2's attention-point network (eq. 4): encoder q: x → ℝ^d (<see cref="Mlp"/>, 1 hidden ReLU layer),
/// keys K ∈ ℝ^{S×d} (N(0, 1) init from the cell's <see cref="Rng"/>, after the encoder's draws), values
/// V ∈ ℝ^{S×2} (given init: training labels). forward(x) = attention weights w(x) = softmax(q(x) Kᵀ / √d) ∈ Δ^S, [B, S].
/// </summary>
public sealed class Df2Network : nn.Module<Tensor, Tensor>
{
    private readonly Mlp encoder;
    private readonly Parameter keys;
    private readonly Parameter values;
    private readonly int dimension;

    public Df2Network(int inputs, int hidden, int d, int points, float[] valueInit, Rng rng) : base(nameof(Df2Network))
    {
        if (valueInit.Length != points * 2) throw new ArgumentException($"value init needs {points * 2} numbers ([S, 2]), got {valueInit.Length}", nameof(valueInit));
        dimension = d;
        encoder = new Mlp(inputs, hidden, d, rng);
        keys = new Parameter(tensor(rng.Normal(0f, 1f, points * d)).reshape(points, d));
        values = new Parameter(tensor(valueInit).reshape(points, 2));
        RegisterComponents();
    }

    /// <summary>The attention points' values V [S, 2] (the scenarios of eq. 4).</summary>
    public Parameter Values => values;

    public int Points => (int)values.shape[0];

    /// <summary>w = softmax(q(x) Kᵀ / √d) over the S points, [B, S].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var q = encoder.call(x);                                            // [B, d]
        var logits = q.matmul(keys.t()) * (1.0 / Math.Sqrt(dimension));     // [B, S]
        return logits.softmax(1L).MoveToOuterDisposeScope();
    }
}
