using Df2.Kernels.Random;

namespace Df2.Learning.Data;

/// <summary>
/// Deterministic xoshiro256** generator (seeded through SplitMix64) for data generation, action
/// sampling and GMM sampling in double precision. Same seed ⇒ same stream on every machine.
/// </summary>
public sealed class DataRng
{
    private readonly Rng _bits;

    /// <summary>The engine's xoshiro256** stream seeded through SplitMix64; this class adds double-precision draws.</summary>
    public DataRng(ulong seed) => _bits = new Rng(seed);

    /// <summary>A generator for a named sub-stream, so that streams for different purposes never overlap.</summary>
    public static DataRng For(string purpose, params long[] keys)
    {
        ulong h = 1469598103934665603UL; // FNV-1a over the purpose and keys
        foreach (char c in purpose) { h ^= c; h *= 1099511628211UL; }
        foreach (long k in keys) { h ^= (ulong)k; h *= 1099511628211UL; h ^= h >> 29; }
        return new DataRng(h);
    }

    public ulong NextULong() => _bits.NextULong();

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => _bits.NextDouble();

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Standard normal by Box–Muller (two uniforms per draw, no cached second value).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Integer uniform in [0, n).</summary>
    public int NextInt(int n) => (int)(NextDouble() * n);

    /// <summary>Index drawn with probability proportional to weights.</summary>
    public int Categorical(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        double u = NextDouble() * total, acc = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (u < acc) return i;
        }
        return weights.Length - 1;
    }

    /// <summary>Fisher–Yates permutation of 0..n−1.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
