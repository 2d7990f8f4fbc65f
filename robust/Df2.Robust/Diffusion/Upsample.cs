using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>Doubles the resolution (nearest) and applies a 3×3 convolution (4 → 8 → 16 → 32).</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
    private readonly Im2ColConv2d conv;

    public Upsample(long channels, Generator init) : base(nameof(Upsample))
    {
        conv = new Im2ColConv2d(channels, channels, 3, init, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) =>
        conv.call(nn.functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest));
}
