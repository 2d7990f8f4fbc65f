using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Kernels.Nn;

/// <summary>
/// Factories for libtorch layers whose TorchSharp constructor needs a correction. Measured on
/// TorchSharp 0.107.0: <c>nn.GroupNorm(groups, channels)</c> leaves its affine weight and bias
/// uninitialised (values such as 1e30 appear), where PyTorch initialises them to 1 and 0.
/// </summary>
public static class Layers
{
    /// <summary>GroupNorm with PyTorch's initialisation: γ = 1, β = 0 (affine).</summary>
    public static GroupNorm GroupNorm(long groups, long channels, double eps = 1e-5, Device? device = null)
    {
        var norm = nn.GroupNorm(groups, channels, eps, affine: true, device: device);
        using (no_grad())
        {
            norm.weight!.fill_(1);
            norm.bias!.zero_();
        }
        return norm;
    }
}
