using Df2.Learning.Solvers;
using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Tests;

/// <summary>The shared test-time solver (projected Adam, multi-start per coordinate) on the synthetic costs.</summary>
public class SolverTests
{
    public static TheoryData<string> TaskNames() => new(SyntheticProblem.All.Select(p => p.Name));

    /// <summary>With one scenario y the solver must find the exact per-sample optimum a*(y).</summary>
    [Theory]
    [MemberData(nameof(TaskNames))]
    public void FindsTheKnownOptimumOfASingleScenario(string name)
    {
        var task = SyntheticProblem.Get(name);
        double[] ys = [-2.4, -1.3, -0.6, -0.1, 0.25, 0.8, 1.4, 2.3];
        foreach (var y in ys.SelectMany(y => new[] { y, -y }))
        {
            double a = new ProjectedAdamSolver().SolveCoordinate(task.Cost, task.Lo, task.Hi, [y], [1.0]);
            double exact = task.Cost.OracleAction(y, task.Lo, task.Hi);
            double gap = task.Cost.Cost(y, a) - task.Cost.Cost(y, exact);
            Assert.True(gap < 1e-3, $"y={y}: solver {a} vs exact {exact} (cost gap {gap})");
        }
    }

    /// <summary>Hand case: convex cost, scenarios {0, 1} with weights {0.5, 0.5}: h(a) on [0, 1] is
    /// 0.5[20a + 0.2a²] + 0.5[5(1−a) + 0.5(1−a)²], h'(a) = 10 + 0.2a − 2.5 − 0.5(1−a) = 7 + 0.7a &gt; 0 ⇒ a = 0.</summary>
    [Fact]
    public void WeightedScenariosHandCase()
    {
        var task = SyntheticProblem.Convex;
        double a = new ProjectedAdamSolver().SolveCoordinate(task.Cost, task.Lo, task.Hi, [0.0, 1.0], [0.5, 0.5]);
        Assert.Equal(0.0, a, 3);
    }

    /// <summary>On random weighted scenario sets the multi-start solver reaches the brute-force grid minimum.</summary>
    [Theory]
    [MemberData(nameof(TaskNames))]
    public void MultiStartReachesTheGlobalMinimumOfRandomScenarioSets(string name)
    {
        var task = SyntheticProblem.Get(name);
        var rng = new Data.DataRng(7);
        const int sets = 80, m = 5;
        for (int n = 0; n < sets; n++)
        {
            var y = new double[m];
            var w = new double[m];
            for (int k = 0; k < m; k++) y[k] = rng.Uniform(-2.5, 2.5);
            for (int k = 0; k < m; k++) w[k] = rng.NextDouble();
            double a = new ProjectedAdamSolver().SolveCoordinate(task.Cost, task.Lo, task.Hi, y, w);
            double best = double.PositiveInfinity;
            for (int g = 0; g <= 20_000; g++)
                best = Math.Min(best, task.Cost.WeightedCostAndDerivative(y, w, task.Lo + (task.Hi - task.Lo) * g / 20_000).Value);
            double found = task.Cost.WeightedCostAndDerivative(y, w, a).Value;
            Assert.True(found - best < 1e-3 * (1 + Math.Abs(best)), $"set {n}: {found} vs grid {best}");
        }
    }
}
