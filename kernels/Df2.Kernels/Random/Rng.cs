namespace Df2.Kernels.Random;

/// <summary>
/// Seeded pseudo-random generator (xoshiro256** seeded through SplitMix64): same seed ⇒ same numbers
/// on every machine, and the same stream as the former engine's generator. Samplers return host arrays
/// (callers turn them into tensors on their device): uniform, normal (Box–Muller), integers,
/// permutations, categorical, Dirichlet (normalised Gamma draws, Marsaglia–Tsang), Gumbel.
/// <see cref="State"/> reads and restores the full state (checkpoints of generators that advance across epochs).
/// One instance per consumer: it is not thread-safe, which is what keeps parallel cells deterministic.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private float? _spareNormal;

    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    /// <summary>
    /// The full state: the four xoshiro256** words and the cached second Box–Muller normal. Setting it makes
    /// this generator continue exactly as the one it was read from; the all-zero word state is rejected
    /// (xoshiro256** would emit zeros forever).
    /// </summary>
    public RngState State
    {
        get => new(_s0, _s1, _s2, _s3, _spareNormal);
        set
        {
            if ((value.S0 | value.S1 | value.S2 | value.S3) == 0)
                throw new ArgumentException("Rng state: the four xoshiro256** words are all zero, which is not a valid state.", nameof(value));
            (_s0, _s1, _s2, _s3, _spareNormal) = (value.S0, value.S1, value.S2, value.S3, value.SpareNormal);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next raw 64-bit value (xoshiro256**).</summary>
    public ulong NextULong()
    {
        ulong result = RotL(_s1 * 5, 7) * 9, t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3; _s2 ^= t; _s3 = RotL(_s3, 45);
        return result;
    }

    private static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextUniform() => (NextULong() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal via Box–Muller: √(−2 ln u₁)·cos(2π u₂) (the sine branch is kept for the next call).</summary>
    public float NextNormal()
    {
        if (_spareNormal is float s) { _spareNormal = null; return s; }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = (float)(r * Math.Sin(2 * Math.PI * u2));
        return (float)(r * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Uniform integer in [0, n) without modulo bias (rejection).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "NextInt needs n > 0.");
        ulong un = (ulong)n, limit = ulong.MaxValue - ulong.MaxValue % un;
        ulong v;
        do v = NextULong(); while (v >= limit);
        return (int)(v % un);
    }

    /// <summary><paramref name="count"/> draws of Uniform[lo, hi).</summary>
    public float[] Uniform(float lo, float hi, int count)
    {
        var d = new float[count];
        for (int i = 0; i < d.Length; i++) d[i] = lo + (hi - lo) * NextUniform();
        return d;
    }

    /// <summary><paramref name="count"/> draws of Normal(mean, std²).</summary>
    public float[] Normal(float mean, float std, int count)
    {
        var d = new float[count];
        for (int i = 0; i < d.Length; i++) d[i] = mean + std * NextNormal();
        return d;
    }

    /// <summary>Random permutation of 0..n−1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--) { int j = NextInt(i + 1); (p[i], p[j]) = (p[j], p[i]); }
        return p;
    }

    /// <summary>Index k drawn with probability probs[k]/Σ probs (weights need not be normalised).</summary>
    public int Categorical(ReadOnlySpan<float> probs)
    {
        double total = 0;
        foreach (var p in probs)
        {
            if (p < 0 || float.IsNaN(p)) throw new ArgumentException("Categorical: probabilities must be non-negative numbers.");
            total += p;
        }
        if (total <= 0) throw new ArgumentException("Categorical: probabilities sum to zero.");
        double u = NextDouble() * total, acc = 0;
        for (int k = 0; k < probs.Length; k++) { acc += probs[k]; if (u < acc) return k; }
        for (int k = probs.Length - 1; k >= 0; k--) if (probs[k] > 0) return k;
        return probs.Length - 1;
    }

    /// <summary>Gamma(α, 1) by Marsaglia–Tsang (<see cref="GammaFunctions.LogGammaVariate"/> on this stream).</summary>
    public double NextGamma(double alpha) => Math.Exp(GammaFunctions.LogGammaVariate(alpha, NextDouble, () => NextNormal()));

    /// <summary><paramref name="rows"/> Dirichlet(α,…,α) draws on a simplex of <paramref name="k"/> entries, row-major: g_i/Σ g_j with g_i ~ Gamma(α).</summary>
    public float[] Dirichlet(float alpha, int rows, int k)
    {
        if (k <= 0) throw new ArgumentException("Dirichlet: the simplex needs at least one entry.");
        var d = new float[rows * k];
        var g = new double[k];
        for (int r = 0; r < d.Length; r += k)
        {
            double sum = 0;
            for (int i = 0; i < k; i++) { g[i] = NextGamma(alpha); sum += g[i]; }
            for (int i = 0; i < k; i++) d[r + i] = (float)(g[i] / sum);
        }
        return d;
    }

    /// <summary><paramref name="count"/> standard Gumbel draws −ln(−ln U), U ∈ (0, 1).</summary>
    public float[] Gumbel(int count)
    {
        var d = new float[count];
        for (int i = 0; i < d.Length; i++)
        {
            double u = (NextDouble() + 1e-12) / (1 + 2e-12);
            d[i] = (float)-Math.Log(-Math.Log(u));
        }
        return d;
    }
}
