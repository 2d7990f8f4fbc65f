using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>DF2's network (eq. 4) on any task: the task's shared encoder → query q(x) ∈ ℝ^d; keys K [S, d] (N(0, 1) from the cell's Rng, after the encoder and query); values V [S, YDim].</summary>
public sealed class Df2Network : nn.Module<Tensor, Tensor>
{
    private readonly SequenceEncoder encoder;
    private readonly Linear query;
    private readonly Parameter keys;
    private readonly Parameter values;
    private readonly int d;

    /// <summary>The learnable values v_s [S, YDim] (y-space scenarios).</summary>
    public Tensor Values => values;

    public Df2Network(SequenceEncoder encoder, int d, int points, float[] valueInit, int yDim, Rng rng) : base(nameof(Df2Network))
    {
        this.d = d;
        this.encoder = encoder;
        query = SeededLayers.Linear(encoder.OutputSize, d, rng);
        keys = nn.Parameter(HostRandom.Normal(rng, 0f, 1f, null, points, d));
        values = nn.Parameter(tensor(valueInit, [points, yDim]));
        RegisterComponents();
    }

    /// <summary>w(x) = softmax(q(x)Kᵀ/√d) [B, S] (eq. 4).</summary>
    public override Tensor forward(Tensor x) => (matmul(query.forward(encoder.forward(x)), keys.t()) * (1f / MathF.Sqrt(d))).softmax(1);
}
