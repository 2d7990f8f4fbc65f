namespace Df2.Learning.Running;

/// <summary>
/// A method's decisions scored on the evaluated windows of a split: per window r, regret_r = f(y_r, â(x_r)) − f(y_r, a*(y_r))
/// (<see cref="PerSample"/>); <see cref="Cost"/> and <see cref="Oracle"/> are the mean f(y, â) and f(y, a*);
/// <see cref="Regret"/> is <see cref="MeanRegret"/> of the per-window regrets, for every task; <see cref="Seconds"/> is the
/// time of the decisions.
/// </summary>
public sealed record Evaluation(double Regret, double Cost, double Oracle, double Seconds, double[] PerSample)
{
    /// <summary>
    /// The reported regret: (1/n) Σ_r regret_r, the mean of the per-window regrets. Equal to Cost − Oracle up to rounding,
    /// but each window's difference is taken before averaging, so a regret small against the costs (vaccine's infections)
    /// loses no digits to cancellation, and it is the mean of the very numbers "regret_std" and the lower bound's gap describe.
    /// </summary>
    public static double MeanRegret(IReadOnlyCollection<double> perSample) => perSample.Average();
}
