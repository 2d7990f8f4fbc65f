namespace Df2.Robust.Nets;

/// <summary>What a seeded stream draws; every purpose gets its own generator (<see cref="StreamSeeds"/>).</summary>
public enum StreamPurpose
{
    Weights = 1,
    Dropout = 2,
    Batches = 3,
    Noise = 4,
    Reference = 5,
    Gate = 6,
}

/// <summary>
/// Distinct seeds per (cell seed, purpose, step): SplitMix64 (Steele et al.) applied to the three mixed together, so
/// dropout masks, mini-batch picks and diffusion noise come from generators that share no state and no seed, and a
/// change in how many values one purpose draws never shifts another's.
/// </summary>
public static class StreamSeeds
{
    public static ulong For(long seed, StreamPurpose purpose, long step = 0) =>
        Mix(Mix(Mix((ulong)seed) ^ (ulong)purpose) ^ (ulong)step);

    /// <summary>SplitMix64's finaliser of x + the golden-ratio increment.</summary>
    private static ulong Mix(ulong x)
    {
        var z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
