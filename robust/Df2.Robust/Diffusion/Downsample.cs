using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>Halves the resolution with a stride-2 3×3 convolution (28 → 14 → 7 → 4).</summary>
public sealed class Downsample : nn.Module<Tensor, Tensor>
{
    private readonly Im2ColConv2d conv;

    public Downsample(long channels, Generator init) : base(nameof(Downsample))
    {
        conv = new Im2ColConv2d(channels, channels, 3, init, stride: 2, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => conv.call(x);
}
