using System.Collections.Concurrent;
using Df2.Learning.Data;
using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Metrics;

/// <summary>
/// Per-sample oracle regret: regret(x, y) = f(y, â(x)) − f(y, a*(y)), where a*(y) is the best
/// decision with y known (<see cref="ICoordinateCost.OracleAction"/>), reported as the mean over
/// the test set. Lower bound = the same mean regret for the Bayes decision under the true mixture
/// (<see cref="BayesDecision"/>), on the same test rows; Gap = Regret − LowerBound.
/// </summary>
public static class Regret
{
    public const string Formula = "regret = mean_test[ f(y, a_hat(x)) - f(y, a*(y)) ], a*(y) = argmin_{a in box} f(y, a); gap = regret - regret(Bayes decision under true mixture)";

    private static readonly ConcurrentDictionary<(string, int, int, int), double> LowerBounds = new();

    /// <summary>Per-sample regrets of actions [rows, 2] on the given rows.</summary>
    public static double[] PerSample(SyntheticProblem task, SyntheticDataset data, int[] rows, double[] actions)
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

    /// <summary>Mean regret of the Bayes decision on the given test rows (cached per task, data seed, n and row count).</summary>
    public static double LowerBound(SyntheticProblem task, SyntheticDataset data, int dataSeed, int[] rows) =>
        LowerBounds.GetOrAdd((task.Name, dataSeed, data.Count, rows.Length), _ =>
            PerSample(task, data, rows, BayesDecision.DecideRows(task, data, rows)).Average());
}
