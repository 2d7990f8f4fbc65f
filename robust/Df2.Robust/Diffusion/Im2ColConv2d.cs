using Df2.Learning.Nets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// 2-D convolution as unfold (im2col) + matmul, with PyTorch's Conv2d parameters and initialisation
/// (weight out × in × k × k, bias out, both U(−1/√fan_in, 1/√fan_in)). Measured here (libtorch 2.10 CPU,
/// AMD EPYC, 2026-11-30): the native convolution sporadically returns NaN in its forward output and in
/// ConvolutionBackward0's input gradient for finite inputs (anomaly mode names it); the unfold path did not.
/// </summary>
public sealed class Im2ColConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long kernel, stride, padding;

    public Im2ColConv2d(long inChannels, long outChannels, long kernel, Generator init, long stride = 1, long padding = 0) : base(nameof(Im2ColConv2d))
    {
        (this.kernel, this.stride, this.padding) = (kernel, stride, padding);
        var bound = 1 / Math.Sqrt(inChannels * kernel * kernel);
        weight = new Parameter(SeededLayers.Uniform([outChannels, inChannels, kernel, kernel], bound, init));
        bias = new Parameter(SeededLayers.Uniform([outChannels], bound, init));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, h, w) = (x.shape[0], x.shape[2], x.shape[3]);
        var outH = (h + 2 * padding - kernel) / stride + 1;
        var outW = (w + 2 * padding - kernel) / stride + 1;
        var columns = nn.functional.unfold(x, kernel, padding: padding, stride: stride);   // B × (C·k·k) × L
        var y = weight.reshape(weight.shape[0], -1).matmul(columns) + bias.unsqueeze(-1);   // B × out × L
        return y.reshape(b, weight.shape[0], outH, outW);
    }
}
