using Df2.Kernels.Nn;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>Single-head spatial self-attention with a residual: x + proj(softmax(q·kᵀ/√C)·v), on GN(x).</summary>
public sealed class AttentionBlock : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Im2ColConv2d query;
    private readonly Im2ColConv2d key;
    private readonly Im2ColConv2d value;
    private readonly Im2ColConv2d projection;

    public AttentionBlock(long channels, int groups, Generator init) : base(nameof(AttentionBlock))
    {
        norm = Layers.GroupNorm(groups, channels);
        query = new Im2ColConv2d(channels, channels, 1, init);
        key = new Im2ColConv2d(channels, channels, 1, init);
        value = new Im2ColConv2d(channels, channels, 1, init);
        projection = new Im2ColConv2d(channels, channels, 1, init);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var z = norm.call(x);
        var q = query.call(z).reshape(b, c, h * w).transpose(1, 2);        // B × HW × C
        var k = key.call(z).reshape(b, c, h * w);                           // B × C × HW
        var v = value.call(z).reshape(b, c, h * w).transpose(1, 2);        // B × HW × C
        var weights = (q.bmm(k) / Math.Sqrt(c)).softmax(-1);
        var attended = weights.bmm(v).transpose(1, 2).reshape(b, c, h, w);
        return x + projection.call(attended);
    }
}
