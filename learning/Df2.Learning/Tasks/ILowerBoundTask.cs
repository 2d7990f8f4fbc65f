namespace Df2.Learning.Tasks;

/// <summary>
/// A task that knows the true conditional distribution p(y | x) (the synthetic tasks): it reports the exact lower
/// bound, the mean regret of the Bayes decision argmin_a E_{p(y|x)} f(y, a) on the evaluated test windows, so that
/// the cell's gap = regret − lower bound.
/// </summary>
public interface ILowerBoundTask
{
    /// <summary>Mean Bayes-decision regret over the first <paramref name="rows"/> test windows.</summary>
    double LowerBound(int rows);
}
