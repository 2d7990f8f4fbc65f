namespace Df2.Learning.Tasks;

/// <summary>
/// The constants that pin a task family's published numbers, kept as data so that one trainer and one class per
/// method reproduce both families bit for bit: the weight-initialisation seed <c>seed·2654435761 + InitOffset</c>,
/// the per-epoch shuffle / action stream <c>DataRng.For(EpochStream, seed, epoch + EpochBase)</c>, the stream that
/// picks DF2's initial values, how the GMM's test-time SAA samples are drawn (one sequential stream over the test
/// rows, or one stream per row), the GMM likelihood's arithmetic (precision as e^(−ℓ) or as 1/e^ℓ) and its
/// log-variance ceiling, and whether the reported regret is the mean of per-sample regrets (needed for the exact
/// lower bound's gap) or mean cost minus mean oracle cost. None of these changes the model; they fix rounding
/// and random streams.
/// </summary>
public sealed record ReproductionProfile(
    ulong InitOffset,
    string EpochStream,
    int EpochBase,
    string Df2ValueStream,
    bool SharedSaaStream,
    bool NllPrecisionFromNegExp,
    float MaxLogVar,
    bool RegretFromPerSampleMean)
{
    /// <summary>The synthetic tasks (App. F.2): init offset 17, 1-based "epoch" stream, "df2-values", one "gmm-saa" stream, log-variance ≤ 10.</summary>
    public static ReproductionProfile Synthetic { get; } = new(17, "epoch", 1, "df2-values", true, true, 10f, true);

    /// <summary>Wind, inventory and vaccine (App. F.3–F.5): init offset 101, 0-based "rw-epoch" stream, "df2-rw-values", per-row "saa-samples", log-variance ≤ 5.</summary>
    public static ReproductionProfile RealWorld { get; } = new(101, "rw-epoch", 0, "df2-rw-values", false, false, 5f, false);
}
