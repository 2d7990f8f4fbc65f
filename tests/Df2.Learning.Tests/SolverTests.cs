using Df2.Learning.Solvers;
using Df2.Learning.Tasks;

namespace Df2.Learning.Tests;

public class SolverTests
{
    public static TheoryData<string> TaskNames() => new(TaskRegistry.Names);

    /// <summary>With one scenario y the solver must find the exact per-sample optimum a*(y).</summary>
    [Theory]
    [MemberData(nameof(TaskNames))]
    public void FindsTheKnownOptimumOfASingleScenario(string name)
    {
        var task = TaskRegistry.Get(name);
        double[] ys = [-2.4, -1.3, -0.6, -0.1, 0.25, 0.8, 1.4, 2.3];
        var yHat = ys.SelectMany(y => new[] { y, -y }).ToArray();
        var actions = new ProjectedAdamSolver().Solve(task.Cost, task.Lo, task.Hi, ScenarioObjective.PointForecast(yHat));
        for (int k = 0; k < yHat.Length; k++)
        {
            double exact = task.Cost.OracleAction(yHat[k], task.Lo, task.Hi);
            double gap = task.Cost.Cost(yHat[k], actions[k]) - task.Cost.Cost(yHat[k], exact);
            Assert.True(gap < 1e-3, $"y={yHat[k]}: solver {actions[k]} vs exact {exact} (cost gap {gap})");
        }
    }

    /// <summary>Hand case: convex cost, scenarios {0, 1} with weights {0.5, 0.5}: h(a) on [0, 1] is
    /// 0.5[20a + 0.2a²] + 0.5[5(1−a) + 0.5(1−a)²], h'(a) = 10 + 0.2a − 2.5 − 0.5(1−a) = 7 + 0.7a &gt; 0 ⇒ a = 0.</summary>
    [Fact]
    public void WeightedScenariosHandCase()
    {
        var task = TaskRegistry.SyntheticConvex;
        var objective = new ScenarioObjective(1, 2, [0.0, 1.0, 0.0, 1.0], false, [0.5, 0.5], true);
        var a = new ProjectedAdamSolver().Solve(task.Cost, task.Lo, task.Hi, objective);
        Assert.Equal(0.0, a[0], 3);
        Assert.Equal(0.0, a[1], 3);
    }

    /// <summary>On random weighted scenario sets the multi-start solver reaches the brute-force grid minimum.</summary>
    [Theory]
    [MemberData(nameof(TaskNames))]
    public void MultiStartReachesTheGlobalMinimumOfRandomScenarioSets(string name)
    {
        var task = TaskRegistry.Get(name);
        var rng = new Data.DataRng(7);
        const int points = 40, m = 5;
        var values = new double[points * 2 * m];
        for (int k = 0; k < values.Length; k++) values[k] = rng.Uniform(-2.5, 2.5);
        var weights = new double[points * m];
        for (int k = 0; k < weights.Length; k++) weights[k] = rng.NextDouble();
        var objective = new ScenarioObjective(points, m, values, false, weights, false);
        var actions = new ProjectedAdamSolver().Solve(task.Cost, task.Lo, task.Hi, objective);
        for (int n = 0; n < points; n++)
            for (int i = 0; i < 2; i++)
            {
                var y = objective.ValuesOf(n, i);
                var w = objective.WeightsOf(n);
                double best = double.PositiveInfinity;
                for (int g = 0; g <= 20_000; g++)
                    best = Math.Min(best, task.Cost.WeightedCostAndDerivative(y, w, task.Lo + (task.Hi - task.Lo) * g / 20_000).Value);
                double found = task.Cost.WeightedCostAndDerivative(y, w, actions[2 * n + i]).Value;
                Assert.True(found - best < 1e-3 * (1 + Math.Abs(best)), $"point {n} coord {i}: {found} vs grid {best}");
            }
    }
}
