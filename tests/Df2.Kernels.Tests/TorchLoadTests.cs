using TorchSharp;
using Df2.Kernels.Nn;
using static TorchSharp.torch;

namespace Df2.Kernels.Tests;

/// <summary>
/// libtorch loads on this machine (on Debian 12 only after the build's GLIBCXX fix-up of
/// libLibTorchSharp.so) and the layers the project needs run: LSTM, Conv2d, GroupNorm, autograd.
/// </summary>
public sealed class TorchLoadTests
{
    [Fact]
    public void Libtorch_loads_and_an_lstm_trains_one_step()
    {
        torch.manual_seed(0);
        using var lstm = nn.LSTM(3, 8, numLayers: 2, batchFirst: true);
        using var x = torch.randn(4, 5, 3);
        var (y, _, _) = lstm.call(x);
        using var loss = y.pow(2).mean();
        loss.backward();
        var grad = lstm.parameters().First().grad;
        Assert.NotNull(grad);
        Assert.True(grad!.abs().sum().item<float>() > 0);
        Assert.Equal(new long[] { 4, 5, 8 }, y.shape);
    }

    [Fact]
    public void Conv2d_and_group_norm_run()
    {
        torch.manual_seed(0);
        using var conv = nn.Conv2d(1, 8, 3, padding: 1);
        using var norm = Layers.GroupNorm(2, 8);
        using var x = torch.randn(2, 1, 28, 28);
        using var y = norm.call(conv.call(x));
        Assert.Equal(new long[] { 2, 8, 28, 28 }, y.shape);
        // GroupNorm output has zero mean and unit variance per (sample, group).
        using var groups = y.reshape(2, 2, -1);
        Assert.True(groups.mean([2L]).abs().max().item<float>() < 1e-4);
        Assert.True((groups.var(2L, unbiased: false) - 1).abs().max().item<float>() < 1e-3);
    }

    [Fact]
    public void Layers_group_norm_starts_at_the_identity_affine_map()
    {
        // nn.GroupNorm in TorchSharp 0.107 leaves γ, β uninitialised; Layers.GroupNorm sets PyTorch's 1 and 0.
        using var fixedNorm = Layers.GroupNorm(2, 8);
        Assert.Equal(1f, fixedNorm.weight!.min().item<float>());
        Assert.Equal(0f, fixedNorm.bias!.abs().max().item<float>());
    }
}
