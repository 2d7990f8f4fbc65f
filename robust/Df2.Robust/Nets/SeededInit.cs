using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Nets;

/// <summary>
/// PyTorch's default initialisation drawn from the cell's <see cref="Generator"/> instead of libtorch's
/// process-wide one, so a cell's starting weights do not depend on what another worker slot of the same process
/// draws meanwhile. Linear: weight and bias U(−1/√fan_in, 1/√fan_in); LSTM: every weight and bias U(−1/√H, 1/√H),
/// per layer W_ih, W_hh, b_ih, b_hh; convolution (<c>Im2ColConv2d</c>): fan_in = C_in·k·k. Drawn in that order with
/// the same <c>uniform_</c> kernel, so a generator seeded s gives the weights <c>torch.manual_seed(s)</c> followed by
/// the default constructors gave (pinned by a test).
/// </summary>
public static class SeededInit
{
    public static Linear Linear(long inFeatures, long outFeatures, Generator init)
    {
        var linear = nn.Linear(inFeatures, outFeatures);
        var bound = 1 / Math.Sqrt(inFeatures);
        using (no_grad())
        {
            linear.weight!.uniform_(-bound, bound, init);
            linear.bias!.uniform_(-bound, bound, init);
        }
        return linear;
    }

    /// <summary>One-layer batch-first LSTM.</summary>
    public static LSTM Lstm(long features, long hidden, Generator init)
    {
        var lstm = nn.LSTM(features, hidden, batchFirst: true);
        var bound = 1 / Math.Sqrt(hidden);
        var named = lstm.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var name in new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0" })
                named[name].uniform_(-bound, bound, init);
        return lstm;
    }

    /// <summary>A new tensor U(−bound, bound).</summary>
    public static Tensor Uniform(long[] shape, double bound, Generator init) => empty(shape).uniform_(-bound, bound, init);
}
