using Df2.Learning.Tasks;

using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Tests;

public class CostTests
{
    private static readonly ICoordinateCost Convex = SyntheticProblem.Convex.Cost;
    private static readonly ICoordinateCost NonConvex = SyntheticProblem.NonConvex.Cost;

    [Fact]
    public void ConvexCostMatchesHandComputation()
    {
        // y above a: 5·0.3 + 0.5·0.3² = 1.545; a above y: 20·0.3 + 0.2·0.3² = 6.018
        Assert.Equal(1.545, Convex.Cost(0.5, 0.2), 12);
        Assert.Equal(6.018, Convex.Cost(0.2, 0.5), 12);
        Assert.Equal(1.545 + 6.018, SyntheticProblem.Convex.Objective([0.5, 0.2], [0.2, 0.5]), 12);
    }

    [Fact]
    public void NonConvexCostMatchesHandComputation()
    {
        // 10·0.3² + 4·0.2³ = 0.932; 2·0.3² + 4·0.5³ = 0.68
        Assert.Equal(0.932, NonConvex.Cost(0.5, 0.2), 12);
        Assert.Equal(0.68, NonConvex.Cost(0.2, 0.5), 12);
        Assert.Equal(-32.0 + 10 * 2.25, NonConvex.Cost(-0.5, -2), 12);
    }

    public static TheoryData<string> TaskNames() => new(SyntheticProblem.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void PartialsMatchFiniteDifferences(string name)
    {
        var c = SyntheticProblem.Get(name).Cost;
        const double h = 1e-6;
        foreach (var (y, a) in new[] { (0.3, -0.4), (-0.7, 0.2), (1.3, 1.1), (-1.5, -1.9) })
        {
            Assert.Equal((c.Cost(y + h, a) - c.Cost(y - h, a)) / (2 * h), c.DCostDy(y, a), 5);
            Assert.Equal((c.Cost(y, a + h) - c.Cost(y, a - h)) / (2 * h), c.DCostDa(y, a), 5);
        }
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void OracleActionIsTheBruteForceMinimum(string name)
    {
        var task = SyntheticProblem.Get(name);
        foreach (double y in new[] { -2.5, -1.2, -0.4, 0.0, 0.35, 0.9, 1.7, 2.6 })
        {
            double a = task.Cost.OracleAction(y, task.Lo, task.Hi);
            double best = double.PositiveInfinity;
            for (int g = 0; g <= 400_000; g++)
                best = Math.Min(best, task.Cost.Cost(y, task.Lo + (task.Hi - task.Lo) * g / 400_000));
            Assert.InRange(task.Cost.Cost(y, a) - best, -1e-8, 1e-6);
        }
    }

    [Fact]
    public void ConvexOracleIsTheClippedLabel()
    {
        var t = SyntheticProblem.Convex;
        Assert.Equal(0.4, t.Cost.OracleAction(0.4, t.Lo, t.Hi), 12);
        Assert.Equal(1.0, t.Cost.OracleAction(1.8, t.Lo, t.Hi), 12);
        Assert.Equal(-1.0, t.Cost.OracleAction(-1.8, t.Lo, t.Hi), 12);
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void ExpectedCostMatchesQuadrature(string name)
    {
        var c = SyntheticProblem.Get(name).Cost;
        foreach (var (mu, sigma, a) in new[] { (0.2, 0.316, -0.1), (-0.8, 0.5, 0.4), (1.1, 0.2, 1.0), (0.0, 0.316, -1.7) })
        {
            // composite Simpson over μ ± 12σ with 200 000 intervals (error far below 1e-8 here)
            int m = 200_000;
            double lo = mu - 12 * sigma, hi = mu + 12 * sigma, step = (hi - lo) / m, sum = 0;
            for (int k = 0; k <= m; k++)
            {
                double y = lo + k * step, w = k == 0 || k == m ? 1 : k % 2 == 1 ? 4 : 2;
                sum += w * c.Cost(y, a) * Tasks.NormalMath.Pdf((y - mu) / sigma) / sigma;
            }
            double quad = sum * step / 3;
            Assert.Equal(quad, c.ExpectedCost(mu, sigma, a), 7);
            const double h = 1e-5;
            Assert.Equal((c.ExpectedCost(mu, sigma, a + h) - c.ExpectedCost(mu, sigma, a - h)) / (2 * h),
                c.ExpectedCostDerivative(mu, sigma, a), 5);
        }
    }

    [Fact]
    public void ErfcMatchesReferenceValues()
    {
        AssertRelative(0.47950012218695346, NormalMath.Erfc(0.5));
        AssertRelative(1.5204998778130465, NormalMath.Erfc(-0.5));
        AssertRelative(7.430983723414128e-07, NormalMath.Erfc(3.5));
        AssertRelative(2.2090496998585438e-05, NormalMath.Erfc(3.0));
        AssertRelative(1.5374597944280351e-12, NormalMath.Erfc(5.0));
        Assert.Equal(0.5, NormalMath.Cdf(0), 15);
    }

    private static void AssertRelative(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");
}
