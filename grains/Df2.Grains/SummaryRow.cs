namespace Df2.Grains;

/// <summary>
/// Statistics of one task × method × variant over its finished cells (one per seed × data seed):
/// n, mean, sample std (n−1), SE = std/√n, 95% CI = mean ± t_{0.975,n−1}·SE,
/// PctVsBestBaseline = 100·(mean − best)/|best| with best = lowest baseline mean on the task (a baseline: any method but
/// the papers' proposed ones, <see cref="RegretTable.IsProposed"/>),
/// PValueVsReference = paired two-sided t-test against the task's <see cref="Reference"/> row over matching (seed, data seed).
/// </summary>
public sealed record SummaryRow(string Task, string Method, string Variant, int N, double Mean, double Std, double Se,
    double CiLow, double CiHigh, double? PctVsBestBaseline, double? PValueVsReference, int Failed, string? Reference = null)
{
    public string Label => Variant.Length == 0 ? Method : $"{Method}[{Variant}]";
}
