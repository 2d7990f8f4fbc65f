using TorchSharp;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.Learning.Nets;

/// <summary>
/// Tensors of random draws from a seeded xoshiro256** <see cref="Rng"/> (drawn on the host in row-major
/// order, then moved to <paramref name="device"/>): parameter initialisation and the training-time
/// Gumbel / normal draws. The draws are the generator's own, so a cell's numbers depend only on its
/// seed (not on libtorch's global generator, shared by every worker slot of a process), and the
/// generator's state is what a checkpoint carries.
/// </summary>
public static class HostRandom
{
    /// <summary>U[lo, hi) float32 of the given shape (lo + (hi − lo)·u per element).</summary>
    public static Tensor Uniform(Rng rng, float lo, float hi, Device? device, params long[] shape)
    {
        var d = new float[Count(shape)];
        for (int i = 0; i < d.Length; i++) d[i] = lo + (hi - lo) * rng.NextUniform();
        return tensor(d, shape, device: device);
    }

    /// <summary>N(mean, std²) float32 of the given shape (Box–Muller).</summary>
    public static Tensor Normal(Rng rng, float mean, float std, Device? device, params long[] shape)
    {
        var d = new float[Count(shape)];
        for (int i = 0; i < d.Length; i++) d[i] = mean + std * rng.NextNormal();
        return tensor(d, shape, device: device);
    }

    /// <summary>Standard Gumbel −ln(−ln U), U ∈ (0, 1), float32 of the given shape.</summary>
    public static Tensor Gumbel(Rng rng, Device? device, params long[] shape)
    {
        var d = new float[Count(shape)];
        for (int i = 0; i < d.Length; i++)
        {
            double u = (rng.NextDouble() + 1e-12) / (1 + 2e-12);
            d[i] = (float)-Math.Log(-Math.Log(u));
        }
        return tensor(d, shape, device: device);
    }

    /// <summary>Overwrites <paramref name="parameter"/> with U[−bound, bound) draws (no autograd record).</summary>
    public static void FillUniform(Tensor parameter, Rng rng, float bound)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        parameter.copy_(Uniform(rng, -bound, bound, parameter.device, parameter.shape));
    }

    private static int Count(long[] shape)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        return checked((int)n);
    }
}
