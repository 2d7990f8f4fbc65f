using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// The synthetic tasks' feature network (App. F.2): the window x [B, SeqLen, StepFeatures] flattened to [B, SeqLen·StepFeatures],
/// then Linear(·, hidden) → ReLU. With a method's linear head on top it is the paper's 1-hidden-layer ReLU MLP; the layer is
/// drawn from the cell's <see cref="Rng"/> first (weight, bias; U(−1/√fan_in, 1/√fan_in)), before the head.
/// </summary>
public sealed class MlpEncoder : SequenceEncoder
{
    private readonly Linear hidden;
    public override int OutputSize { get; }

    public MlpEncoder(int inputs, int width, Rng rng) : base(nameof(MlpEncoder))
    {
        OutputSize = width;
        hidden = SeededLayers.Linear(inputs, width, rng);
        RegisterComponents();
    }

    /// <summary>relu(W₁x + b₁), [B, hidden].</summary>
    public override Tensor forward(Tensor x) => hidden.forward(x.flatten(1)).relu();
}
