using System.Collections.Concurrent;
using Df2.Learning.Data;
using Df2.Learning.Tasks;

namespace Df2.Learning.Metrics;

/// <summary>Mean test regret of a method, the exact lower bound and the gap between them.</summary>
public sealed record RegretReport(double Regret, double LowerBound, double Gap, double RegretStd);

/// <summary>
/// Per-sample oracle regret: regret(x, y) = f(y, â(x)) − f(y, a*(y)), where a*(y) is the best
/// decision with y known (<see cref="ICoordinateCost.OracleAction"/>), reported as the mean over
/// the test set. Lower bound = the same mean regret for the Bayes decision under the true mixture
/// (<see cref="BayesDecision"/>), on the same test rows; Gap = Regret − LowerBound.
/// </summary>
public static class Regret
{
    public const string Formula = "regret = mean_test[ f(y, a_hat(x)) - f(y, a*(y)) ], a*(y) = argmin_{a in box} f(y, a); gap = regret - regret(Bayes decision under true mixture)";

    private static readonly ConcurrentDictionary<(string, int, int), double> LowerBounds = new();

    /// <summary>Per-sample regrets of actions [rows, 2] on the given rows.</summary>
    public static double[] PerSample(SyntheticTask task, SyntheticDataset data, int[] rows, double[] actions)
    {
        if (actions.Length != rows.Length * 2) throw new ArgumentException($"expected {rows.Length * 2} action values, got {actions.Length}");
        var result = new double[rows.Length];
        Span<double> star = stackalloc double[2];
        for (int r = 0; r < rows.Length; r++)
        {
            var y = data.Y.AsSpan(2 * rows[r], 2);
            task.OracleAction(y, star);
            result[r] = task.Objective(y, actions.AsSpan(2 * r, 2)) - task.Objective(y, star);
        }
        return result;
    }

    /// <summary>Mean regret of the Bayes decision on the test rows (cached per task, data seed, n).</summary>
    public static double LowerBound(SyntheticTask task, SyntheticDataset data, int dataSeed) =>
        LowerBounds.GetOrAdd((task.Name, dataSeed, data.Count), _ =>
            PerSample(task, data, data.TestIndex, BayesDecision.DecideRows(task, data, data.TestIndex)).Average());

    /// <summary>Regret, lower bound and gap for test-set actions [test rows, 2].</summary>
    public static RegretReport Evaluate(SyntheticTask task, SyntheticDataset data, int dataSeed, double[] testActions)
    {
        var per = PerSample(task, data, data.TestIndex, testActions);
        double mean = per.Average();
        double std = Math.Sqrt(per.Select(v => (v - mean) * (v - mean)).Sum() / Math.Max(1, per.Length - 1));
        double lb = LowerBound(task, data, dataSeed);
        return new RegretReport(mean, lb, mean - lb, std);
    }
}
