using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>The standard normal density and distribution function on tensors (any device): φ(z) = e^(−z²/2)/√(2π), Φ(z) = erfc(−z/√2)/2.</summary>
public static class NormalTensors
{
    private static readonly double InvSqrt2Pi = 1 / Math.Sqrt(2 * Math.PI), InvSqrt2 = 1 / Math.Sqrt(2);

    public static Tensor Pdf(Tensor z) => (z * z * -0.5).exp() * InvSqrt2Pi;

    public static Tensor Cdf(Tensor z) => special.erfc(z * -InvSqrt2) * 0.5;
}
