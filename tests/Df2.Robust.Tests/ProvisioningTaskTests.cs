using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Learning.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>
/// llm-provisioning as a decision task of the one core (what DF2, policy-net and the two-stage methods train on): the scalar
/// cost against the presets' tensor rewards and finite differences, the oracle against the closed-form decision, the
/// windows against <see cref="ForecastWindows.Of"/>, and the protocol's score from per-window costs against <see cref="RegretMetric"/>.
/// </summary>
public sealed class ProvisioningTaskTests
{
    private static readonly TokenRange Range = new(1_000, 181_000);

    [Theory]
    [InlineData("paper")]
    [InlineData("code")]
    public void The_scalar_cost_is_minus_the_tensor_reward_and_its_derivatives_are_the_finite_differences(string preset)
    {
        var objective = ProvisioningObjective.Parse(preset);
        var cost = new ProvisioningCost(objective, Range);
        double[] ys = [-0.01, 0.0005, 0.02, 0.1, 0.37, 0.9, 1.2];     // normalised workloads, outside [0, 1] too (DF2's attention points)
        double[] acts = [ProvisioningCost.Lo, 0.004, 0.03, 0.09, 0.2, 0.55, ProvisioningCost.Hi];
        foreach (var y in ys)
            foreach (var a in acts)
            {
                using var r = objective.Reward(tensor(new[] { a * ProvisioningCost.Unit }), tensor(new[] { Range.ToTokens(y) }));
                Assert.Equal(-r.item<double>(), cost.Cost(y, a), 12);
                const double h = 1e-7;
                double Central(Func<double, double> f, double x) => (f(x + h) - f(x - h)) / (2 * h);
                // away from the kinks (a = c, p or q at the floor) the derivatives are the difference quotients
                var cTokens = Range.ToTokens(y);
                if (Math.Abs(a * ProvisioningCost.Unit - cTokens) < 50 || cTokens < ProvisioningObjective.AMin + 50 || a == ProvisioningCost.Lo) continue;
                Assert.Equal(Central(x => cost.Cost(y, x), a), cost.DCostDa(y, a), 5);
                Assert.Equal(Central(x => cost.Cost(x, a), y), cost.DCostDy(y, a), 5);
            }
    }

    [Fact]
    public void The_paper_cost_matches_a_hand_computed_case()
    {
        // y = 0.4 → c = 1000 + 0.4·180000 = 73000 tokens = 0.1825 u; a = 0.05 u (a < c):
        // R = 0.2·0.1825·ln(20·0.05/0.1825 + 1) − 0.34·1.1·1.6·0.05 = 0.0365·ln(6.4794521) − 0.02992.
        var cost = new ProvisioningCost(new PaperObjective(), Range);
        var expected = -(0.0365 * Math.Log(20 * 0.05 / 0.1825 + 1) - 0.02992);
        Assert.Equal(expected, cost.Cost(0.4, 0.05), 12);
        // the oracle is the closed-form decision k·c = 0.284225·0.1825 u
        Assert.Equal(new PaperObjective().K * 0.1825, cost.OracleAction(0.4, ProvisioningCost.Lo, ProvisioningCost.Hi), 12);
        // and below a_min it clamps: c = 1000 tokens → k·c = 284 tokens, above 200; c = 0 → 200 tokens
        Assert.Equal(ProvisioningCost.Lo, cost.OracleAction(-1000.0 / 180_000, ProvisioningCost.Lo, ProvisioningCost.Hi), 15);
    }

    [Fact]
    public void The_windows_are_the_forecasters_windows()
    {
        var values = Enumerable.Range(0, 3 * SequenceSet.Length).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        var set = new SequenceSet("s", values, 3, Range);
        var split = LlmProvisioningTask.Split(set);
        var (inputs, targets) = ForecastWindows.Of(set.ToTensor(CPU));
        Assert.Equal(3 * SequenceSet.Predictions, split.Count);
        Assert.Equal(inputs.to(float64).data<double>().ToArray(), split.X);
        Assert.Equal(targets.to(float64).data<double>().ToArray(), split.Y);
    }

    [Theory]
    [InlineData("paper", 70)]   // two 64-sequence code batches: one full batch, the rest dropped
    [InlineData("code", 70)]
    [InlineData("paper", 5)]    // fewer than 64 sequences: one batch of all
    public void The_protocol_score_from_costs_equals_the_regret_metric(string preset, int sequences)
    {
        var objective = ProvisioningObjective.Parse(preset);
        var cost = new ProvisioningCost(objective, Range);
        var rng = new Random(7);
        int n = sequences * SequenceSet.Predictions;
        var truth = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
        var forecast = truth.Select(y => y * (0.6 + 0.8 * rng.NextDouble())).ToArray();
        var costs = new double[n];
        var oracle = new double[n];
        for (var i = 0; i < n; i++)
        {
            var decided = Math.Clamp(objective.K * Range.ToTokens(forecast[i]), ProvisioningObjective.AMin, ProvisioningObjective.AMax) / ProvisioningCost.Unit;
            costs[i] = cost.Cost(truth[i], decided);
            oracle[i] = cost.Cost(truth[i], cost.OracleAction(truth[i], ProvisioningCost.Lo, ProvisioningCost.Hi));
        }
        var fromCosts = RegretMetric.FromRegrets([.. costs.Select((c, i) => c - oracle[i])], oracle);
        using var p = tensor(forecast, [sequences, SequenceSet.Predictions]);
        using var t = tensor(truth, [sequences, SequenceSet.Predictions]);
        var reference = RegretMetric.EvaluateNormalised(p, t, Range, objective);
        Assert.Equal(reference.Normalised, fromCosts.Normalised, 9);
        Assert.Equal(reference.BatchWise, fromCosts.BatchWise, 9);
    }

    [Fact]
    public void A_df2_family_cell_reports_the_protocols_figures()
    {
        var parameters = new Dictionary<string, string>
        {
            ["epochs"] = "1", ["max_train"] = "64", ["max_test"] = "42", ["max_val"] = "21", ["test_rows"] = "280", ["hidden"] = "8",
        };
        var metrics = WorkerCells.Shared.Run(new CellRequest(LlmProvisioningTask.Key, "two-stage-pe", parameters, 0, 0));
        var extra = metrics.Extra;
        Assert.Equal(extra["regret_avg5"], metrics.Regret);
        foreach (var set in LlmProvisioningData.FullTestSets.Concat(LlmProvisioningData.HalfTestSets))
        {
            Assert.True(double.IsFinite(extra[$"regret_{set}"]), set);
            Assert.True(double.IsFinite(extra[$"regret_bw_{set}"]), set);
        }
        Assert.Equal(LlmProvisioningData.FullTestSets.Average(s => extra[$"regret_{s}"]), metrics.Regret, 12);
        Assert.True(metrics.Regret >= 0, "the closed-form oracle is the paper preset's argmax, so no decision beats it");
    }

    [Fact]
    public void The_fig2_corruptions_score_the_df2_family_on_the_data_3d_learnings_rows_are_scored_on()
    {
        var parameters = new Dictionary<string, string> { ["test_rows"] = "280", ["corruptions"] = "cutout:0.3,perlin:0.05,gaussian:0.1" };
        var s = CellSettings.Of(LlmProvisioningTask.Key, "two-stage-pe", parameters, 0, 0);
        var task = Assert.IsType<LlmProvisioningTask>(TaskRegistry.Create(s));
        var data = s.Get<ProvisioningSettings>();
        Assert.Equal(["23D24D_cutout", "23D24D_perlin", "23D24D_gaussian"], task.TestSets.Skip(7).Select(t => t.Name));
        // persistence through the task's protocol: the last input slot is the forecast, decided in closed form
        var objective = ProvisioningObjective.Parse(data.Objective);
        var scored = task.TestSets.Select(t =>
        {
            var split = t.Split;
            var regrets = new double[split.Count];
            var oracle = new double[split.Count];
            for (var r = 0; r < split.Count; r++)
            {
                var y = split.Y[r];
                var decided = Math.Clamp(objective.K * task.Provisioning.Range.ToTokens(split.X[r * SequenceSet.Window + SequenceSet.Window - 1]),
                    ProvisioningObjective.AMin, ProvisioningObjective.AMax) / ProvisioningCost.Unit;
                oracle[r] = task.Provisioning.Cost(y, task.Provisioning.OracleAction(y, ProvisioningCost.Lo, ProvisioningCost.Hi));
                regrets[r] = task.Provisioning.Cost(y, decided) - oracle[r];
            }
            return (regrets, oracle);
        }).ToList();
        var extra = new Dictionary<string, double>();
        task.Score(scored, extra);
        // 3D-Learning's path (LlmCell): the same corruption, stream and set through TestSetEvaluator
        var llm = LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(data.DataDir), data.TestRows);
        var set = llm.Tests.Single(t => t.Name == LlmProvisioningData.CorruptionTestSet);
        for (var i = 0; i < data.Corruptions.Count; i++)
        {
            using var generator = TestCorruption.Stream(i);
            var c = data.Corruptions[i];
            var reference = TestSetEvaluator.Evaluate(TestSetEvaluator.Persistence, set, llm.Range23V, objective, CPU, x => c.Apply(x, generator));
            // to 1e-6: TestSetEvaluator turns the float32 forecast into tokens in float32, the protocol in double precision
            Assert.Equal(reference.Normalised, extra[$"regret_23D24D_{c.Kind}"], 6);
        }
        Assert.NotEqual(extra["regret_23D24D"], extra["regret_23D24D_cutout"]);
        Assert.DoesNotContain("regret_bw_23D24D_cutout", extra.Keys);
    }
}
