using Df2.Kernels.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// The DDPM noise predictor ε_θ(x_t, t) on 1 × 28 × 28 images. Down path: per level ResBlocks ×
/// <see cref="UNetConfig.ResBlocks"/> then a stride-2 conv (except the last level); middle: ResBlock with
/// attention, ResBlock; up path: ResBlocks × (ResBlocks + 1), each on [h, skip] with the skip
/// bilinearly resized to h when sizes differ (7 vs 8, …), then nearest ×2; output resized back to the input.
/// </summary>
public sealed class UNet : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly TimeEmbedding time;
    private readonly Im2ColConv2d head;
    private readonly ModuleList<nn.Module> down;
    private readonly ResBlock middle1;
    private readonly ResBlock middle2;
    private readonly ModuleList<nn.Module> up;
    private readonly GroupNorm tailNorm;
    private readonly Im2ColConv2d tail;

    public UNetConfig Config { get; }

    public UNet(UNetConfig config, Device device, Generator init) : base(nameof(UNet))
    {
        Config = config;
        long ch = config.Channels, timeDim = 4 * ch;
        time = new TimeEmbedding(ch, timeDim, init);
        head = new Im2ColConv2d(1, ch, 3, init, padding: 1);
        down = new ModuleList<nn.Module>();
        var skips = new List<long> { ch };
        var now = ch;
        for (var level = 0; level < config.ChannelMult.Length; level++)
        {
            var output = ch * config.ChannelMult[level];
            for (var i = 0; i < config.ResBlocks; i++)
            {
                down.Add(new ResBlock(now, output, timeDim, config.Dropout, config.Groups, config.AttentionLevels.Contains(level), init));
                now = output;
                skips.Add(now);
            }
            if (level != config.ChannelMult.Length - 1)
            {
                down.Add(new Downsample(now, init));
                skips.Add(now);
            }
        }
        middle1 = new ResBlock(now, now, timeDim, config.Dropout, config.Groups, attend: true, init: init);
        middle2 = new ResBlock(now, now, timeDim, config.Dropout, config.Groups, attend: false, init: init);
        up = new ModuleList<nn.Module>();
        for (var level = config.ChannelMult.Length - 1; level >= 0; level--)
        {
            var output = ch * config.ChannelMult[level];
            for (var i = 0; i <= config.ResBlocks; i++)
            {
                var skip = skips[^1];
                skips.RemoveAt(skips.Count - 1);
                up.Add(new ResBlock(now + skip, output, timeDim, config.Dropout, config.Groups, config.AttentionLevels.Contains(level), init));
                now = output;
            }
            if (level != 0) up.Add(new Upsample(now, init));
        }
        tailNorm = Layers.GroupNorm(config.Groups, now);
        tail = new Im2ColConv2d(now, 1, 3, init, padding: 1);
        RegisterComponents();
        this.to(device);
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());

    public override Tensor forward(Tensor x, Tensor t)
    {
        var temb = time.call(t);
        var h = head.call(x);
        var skips = new Stack<Tensor>();
        skips.Push(h);
        foreach (var block in down)
        {
            h = block switch
            {
                ResBlock r => r.call(h, temb),
                Downsample d => d.call(h),
                _ => throw new InvalidOperationException($"unexpected down block {block.GetType().Name}"),
            };
            skips.Push(h);
        }
        h = middle2.call(middle1.call(h, temb), temb);
        foreach (var block in up)
        {
            if (block is Upsample u) { h = u.call(h); continue; }
            var skip = skips.Pop();
            if (skip.shape[2] != h.shape[2] || skip.shape[3] != h.shape[3])
                skip = nn.functional.interpolate(skip, size: [h.shape[2], h.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
            h = ((ResBlock)block).call(cat([h, skip], 1), temb);
        }
        h = tail.call(nn.functional.gelu(tailNorm.call(h)));
        if (h.shape[2] != x.shape[2] || h.shape[3] != x.shape[3])
            h = nn.functional.interpolate(h, size: [x.shape[2], x.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
        return h;
    }
}
