using TorchSharp.Modules;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>Encoder followed by a linear layer: the policy backbone (x → logits [B, outputs]).</summary>
public sealed class EncoderLinear : nn.Module<Tensor, Tensor>
{
    private readonly SequenceEncoder encoder;
    private readonly Linear head;

    public EncoderLinear(SequenceEncoder encoder, int outputs, Rng rng) : base(nameof(EncoderLinear))
    {
        this.encoder = encoder;
        head = SeededLayers.Linear(encoder.OutputSize, outputs, rng);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => head.forward(encoder.forward(x));
}
