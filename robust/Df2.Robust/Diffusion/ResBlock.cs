using Df2.Learning.Nets;
using Df2.Robust.Nets;
using Df2.Kernels.Nn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// DDPM residual block: GN → GELU → conv3; + Linear(GELU(temb)); GN → GELU → dropout → conv3; 1×1 shortcut
/// when the width changes; optional self-attention after the sum.
/// </summary>
public sealed class ResBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly GroupNorm norm1;
    private readonly Im2ColConv2d conv1;
    private readonly Linear timeProjection;
    private readonly GroupNorm norm2;
    private readonly GeneratorDropout dropout;
    private readonly Im2ColConv2d conv2;
    private readonly Im2ColConv2d? shortcut;
    private readonly AttentionBlock? attention;

    public ResBlock(long inChannels, long outChannels, long timeDim, double dropoutRate, int groups, bool attend, Generator init) : base(nameof(ResBlock))
    {
        norm1 = Layers.GroupNorm(groups, inChannels);
        conv1 = new Im2ColConv2d(inChannels, outChannels, 3, init, padding: 1);
        timeProjection = SeededLayers.Linear(timeDim, outChannels, init);
        norm2 = Layers.GroupNorm(groups, outChannels);
        dropout = new GeneratorDropout(dropoutRate);
        conv2 = new Im2ColConv2d(outChannels, outChannels, 3, init, padding: 1);
        shortcut = inChannels != outChannels ? new Im2ColConv2d(inChannels, outChannels, 1, init) : null;
        attention = attend ? new AttentionBlock(outChannels, groups, init) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        var h = conv1.call(nn.functional.gelu(norm1.call(x)));
        h = h + timeProjection.call(nn.functional.gelu(timeEmbedding)).unsqueeze(-1).unsqueeze(-1);
        h = conv2.call(dropout.call(nn.functional.gelu(norm2.call(h))));
        h = h + (shortcut is null ? x : shortcut.call(x));
        return attention is null ? h : attention.call(h);
    }
}
