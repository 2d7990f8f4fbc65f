using System.Globalization;
using Df2.Kernels.Ops;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Solvers;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// LLM resource provisioning (3D-Learning, spec "Where c comes from") as a decision task of the one core: x = the 7 slots
/// t−7..t−1 of a 28-slot sequence (normalised by its file's range), y = slot t (t = 7..27, one coordinate), a = tokens
/// provisioned in units of 4e5 on [200/4e5, 1], cost <see cref="ProvisioningCost"/> (−R of the <c>objective</c> preset,
/// workloads de-normalised with 23V's range). Splits: 23V-train / 23V-val / 23V-test (<see cref="LlmProvisioningData"/>,
/// each file capped at <c>test_rows</c> rows). Scored by the protocol of the 3D-Learning table (<see cref="Score"/>): the
/// normalised regret on every one of the 7 test sets, the code's batch-wise variant, and their averages; the cell's
/// regret is regret_avg5, as for the closed-form methods of Df2.Robust. With <c>corruptions</c> (Fig. 2) the protocol also
/// scores 23D24D with corrupted inputs and clean targets, regret_23D24D_{kind}, on the very data 3D-Learning's rows are
/// scored on (<see cref="TestCorruption.Stream"/>). Solver: the shared projected Adam.
/// The closed-form methods (dfl's LSTM predictor, the DRO baselines, 3D-Learning) use the same data through
/// <see cref="LlmContext"/>.
/// </summary>
public sealed class LlmProvisioningTask : SeparableBoxTask, ITestProtocolTask
{
    public const string Key = "llm-provisioning";

    /// <summary>The cell's regret on this task, for every method (3D-Learning's closed-form rows report the same figure).</summary>
    public const string RegretFormula = "regret = regret_avg5, the mean over the 5 full test sets of the paper's normalised regret " +
        "(R̄(a*) − R̄(â)) / R̄(a*), R̄ the mean reward over every predicted 5 s slot, a* = clamp(k·c) (metrics.csv: every set, the code's batch-wise variant); lower is better";

    private readonly int _fullSets;

    private LlmProvisioningTask(ProvisioningCost cost, TaskData data, IReadOnlyList<(string, WindowedSplit)> testSets, int fullSets, ProjectedAdamSolver solver)
        : base(Key, cost, cost.Batched, (_, _, _) => throw new NotSupportedException("the llm-provisioning cost has no closed-form normal expectation"),
            ProvisioningCost.Lo, ProvisioningCost.Hi, data, SequenceSet.Window, 1, 1, solver, [], CostPath.Plain)
    {
        Provisioning = cost;
        TestSets = testSets;
        _fullSets = fullSets;
    }

    public ProvisioningCost Provisioning { get; }

    public IReadOnlyList<(string Name, WindowedSplit Split)> TestSets { get; }

    public static LlmProvisioningTask Load(string? dataDir, int testRows, string objective, IReadOnlyList<TestCorruption> corruptions, ProjectedAdamSolver solver)
    {
        var data = LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(dataDir), testRows);
        var cost = new ProvisioningCost(ProvisioningObjective.Parse(objective), data.Range23V);
        var tests = data.Tests.Select(t => (t.Name, Split(t))).ToList();
        foreach (var (name, set, corrupt) in data.Corrupted(corruptions)) tests.Add((name, Split(set, corrupt)));
        var notes = string.Create(CultureInfo.InvariantCulture,
            $"llm-provisioning objective={objective}, 23V range [{data.Range23V.Min}, {data.Range23V.Max}] tokens, each file's first {testRows} rows");
        return new LlmProvisioningTask(cost, new TaskData(Split(data.Train), Split(data.Validation), tests[0].Item2, notes), tests, data.Tests.Count, solver);
    }

    /// <summary>
    /// The windows of a sequence set as the forecasters get them (<see cref="ForecastWindows.Of"/>), in double precision; with
    /// <paramref name="corrupt"/> the inputs are windows of the corrupted sequences and the targets stay clean (as
    /// <see cref="TestSetEvaluator"/> scores 3D-Learning's rows).
    /// </summary>
    public static WindowedSplit Split(SequenceSet set, Func<Tensor, Tensor>? corrupt = null)
    {
        using var scope = NewDisposeScope();
        var clean = set.ToTensor(CPU);
        var (x, y) = ForecastWindows.Of(clean);
        if (corrupt is not null) (x, _) = ForecastWindows.Of(corrupt(clean));
        return new WindowedSplit(x.to(float64).data<double>().ToArray(), y.to(float64).data<double>().ToArray(), (int)y.shape[0]);
    }

    /// <summary>
    /// regret_{set} (paper) and regret_bw_{set} (code, batch-wise) per test set, regret_23D24D_{kind} per corruption (the paper's
    /// figure only, as 3D-Learning's rows report it), then <see cref="LlmProvisioningData.Summarise"/> over the 7 clean sets.
    /// </summary>
    public double Score(IReadOnlyList<(double[] Regrets, double[] OracleCosts)> sets, Dictionary<string, double> extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        if (sets.Count != TestSets.Count) throw new ArgumentException($"{TestSets.Count} test sets, {sets.Count} scored", nameof(sets));
        for (var i = 0; i < sets.Count; i++)
        {
            var r = RegretMetric.FromRegrets(sets[i].Regrets, sets[i].OracleCosts);
            extra[$"regret_{TestSets[i].Name}"] = r.Normalised;
            if (i < _fullSets) extra[$"regret_bw_{TestSets[i].Name}"] = r.BatchWise;
        }
        return LlmProvisioningData.Summarise(extra);
    }
}
