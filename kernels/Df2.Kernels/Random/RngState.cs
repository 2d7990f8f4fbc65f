namespace Df2.Kernels.Random;

/// <summary>A snapshot of <see cref="Rng.State"/>: the xoshiro256** words and the pending Box–Muller normal (null when none).</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, float? SpareNormal);
