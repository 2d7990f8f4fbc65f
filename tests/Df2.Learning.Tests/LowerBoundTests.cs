using Df2.Learning.Data;
using Df2.Learning.Metrics;
using Df2.Learning.Tasks;

using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Tests;

public class LowerBoundTests
{
    public static TheoryData<string> TaskNames() => new(SyntheticProblem.All.Select(p => p.Name));

    /// <summary>Closed-form E f under the true mixture agrees with an independent Monte-Carlo estimate.</summary>
    [Theory]
    [MemberData(nameof(TaskNames))]
    public void ExpectedCostAgreesWithMonteCarlo(string name)
    {
        var task = SyntheticProblem.Get(name);
        var m = SyntheticMixture.FromSeed(3);
        var rng = new DataRng(99);
        const int draws = 400_000;
        foreach (var (x1, x2, a) in new[] { (0.3, -0.6, 0.1), (-0.9, 0.8, -0.5), (0.7, 0.7, 0.9) })
        {
            double sum = 0, sumSq = 0;
            for (int d = 0; d < draws; d++)
            {
                int k = rng.Categorical(m.Weights);
                double y = m.ComponentMean(k, 0, x1, x2) + m.Std * rng.NextNormal();
                double c = task.Cost.Cost(y, a);
                sum += c; sumSq += c * c;
            }
            double mean = sum / draws, se = Math.Sqrt((sumSq / draws - mean * mean) / draws);
            double exact = BayesDecision.ExpectedCost(task.Cost, m, x1, x2, 0, a);
            Assert.True(Math.Abs(exact - mean) < 5 * se + 1e-9, $"closed form {exact} vs MC {mean} ± {se}");
        }
    }

    /// <summary>The Bayes decision minimises the exact expected cost over a fine grid of the box.</summary>
    [Theory]
    [MemberData(nameof(TaskNames))]
    public void BayesDecisionIsTheGlobalMinimum(string name)
    {
        var task = SyntheticProblem.Get(name);
        var m = SyntheticMixture.FromSeed(1);
        var rng = new DataRng(5);
        for (int t = 0; t < 20; t++)
        {
            double x1 = rng.Uniform(-1, 1), x2 = rng.Uniform(-1, 1);
            for (int i = 0; i < 2; i++)
            {
                double aB = BayesDecision.Decide(task, m, x1, x2, i);
                double hB = BayesDecision.ExpectedCost(task.Cost, m, x1, x2, i, aB);
                for (int g = 0; g <= 4000; g++)
                {
                    double a = task.Lo + (task.Hi - task.Lo) * g / 4000;
                    Assert.True(hB <= BayesDecision.ExpectedCost(task.Cost, m, x1, x2, i, a) + 1e-10, $"x=({x1},{x2}) i={i}: a_B={aB} beaten at {a}");
                }
            }
        }
    }

    /// <summary>
    /// Independent check of the reported lower bound: on fresh y drawn from the true mixture at the
    /// test x, the Bayes decision's mean regret is lower than that of a perturbed decision and of
    /// SAA decisions; and the exact lower bound equals the test-set mean regret of the Bayes decision.
    /// </summary>
    [Theory]
    [MemberData(nameof(TaskNames))]
    public void LowerBoundIsTheBayesRegretOnTheTestSet(string name)
    {
        var task = SyntheticProblem.Get(name);
        var data = task.Generate(0, 1000);
        var bayes = BayesDecision.DecideRows(task, data, data.TestIndex);
        double lb = Regret.LowerBound(task, data, 0, data.TestIndex);
        Assert.Equal(Regret.PerSample(task, data, data.TestIndex, bayes).Average(), lb, 12);
        Assert.True(lb > 0);

        // Monte-Carlo expected cost with common random numbers: Bayes ≤ perturbed decision
        var rng = new DataRng(11);
        double bayesCost = 0, shiftedCost = 0;
        var m = data.Mixture;
        for (int r = 0; r < data.TestIndex.Length; r++)
        {
            int row = data.TestIndex[r];
            double x1 = data.X[2 * row], x2 = data.X[2 * row + 1];
            for (int d = 0; d < 200; d++)
            {
                int k = rng.Categorical(m.Weights);
                for (int i = 0; i < 2; i++)
                {
                    double y = m.ComponentMean(k, i, x1, x2) + m.Std * rng.NextNormal();
                    double aB = bayes[2 * r + i];
                    bayesCost += task.Cost.Cost(y, aB);
                    shiftedCost += task.Cost.Cost(y, Math.Clamp(aB + 0.1, task.Lo, task.Hi));
                }
            }
        }
        Assert.True(bayesCost < shiftedCost, $"Bayes {bayesCost} vs shifted {shiftedCost}");
    }
}
