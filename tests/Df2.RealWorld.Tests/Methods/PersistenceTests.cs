using Df2.Learning.Methods;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>
/// Persistence on the DF2 paper's time-series tasks: the forecast of every target step is the window's last value, the
/// decision is the solver's on that one scenario, nothing trains, and the regret is mean f(y, â) − mean f(y, a*(y)) computed
/// here by hand from the task's cost and oracle.
/// </summary>
public class PersistenceTests
{
    private static readonly Dictionary<string, string> Tiny = new()
    {
        ["max_test"] = "12", ["solver_steps"] = "60", ["solver_starts"] = "2",
    };

    [Theory]
    [InlineData("wind")]
    [InlineData("inventory")]
    public void Decides_on_the_last_observation_and_reports_its_hand_computed_regret(string taskName)
    {
        var s = CellSettings.Of(taskName, "persistence", Tiny, 0, 0);
        var task = TaskRegistry.Create(s);
        var method = MethodRegistry.Create("persistence", task, s);
        var test = task.Data.Test;
        int n = 12, seq = task.SeqLen, yd = task.YDim, ad = task.ADim;
        var rows = Enumerable.Range(0, n).ToArray();
        var decisions = method.Decide(test, rows, CancellationToken.None);
        double cost = 0, oracle = 0;
        for (int r = 0; r < n; r++)
        {
            var last = test.X[r * seq + seq - 1];
            var expected = task.Solve(Enumerable.Repeat(last, yd).ToArray(), [1.0], CancellationToken.None);
            Assert.Equal(expected, decisions.AsSpan(r * ad, ad).ToArray());
            var y = test.Y.AsSpan(r * yd, yd);
            var star = new double[ad];
            task.Oracle(y, star);
            cost += task.Cost(y, decisions.AsSpan(r * ad, ad), [], []);
            oracle += task.Cost(y, star, [], []);
        }
        var m = WorkerCells.Shared.Run(new CellRequest(taskName, "persistence", Tiny, Seed: 3, DataSeed: 0), progress: _ => Assert.Fail("persistence reported an epoch"));
        Assert.Equal(0, m.Epochs);
        Assert.Equal(0, m.TrainSeconds);
        Assert.Equal(cost / n - oracle / n, m.Regret, 9);
        Assert.False(m.Extra.ContainsKey("best_epoch"));
        // the training seed changes nothing
        Assert.Equal(m.Regret, WorkerCells.Shared.Run(new CellRequest(taskName, "persistence", Tiny, Seed: 4, DataSeed: 0)).Regret);
    }

    [Fact]
    public void Is_refused_on_a_task_without_a_last_observation()
    {
        var e = Assert.Throws<ArgumentException>(() => CellTrainer.Run(new CellRequest("synthetic-convex", "persistence",
            new Dictionary<string, string> { ["n"] = "200" }, 0, 0), new NoCheckpoints(), _ => { }, CancellationToken.None));
        Assert.Contains("synthetic-convex", e.Message);
        Assert.DoesNotContain("persistence", MethodRegistry.Fitting("synthetic-convex"));
        Assert.Contains("persistence", MethodRegistry.Fitting("wind"));
    }
}
