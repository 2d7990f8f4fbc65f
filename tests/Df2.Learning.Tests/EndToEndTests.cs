using Df2.Learning.Methods;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Tests;

/// <summary>
/// Parameterised over the registries (PyEPO style): every registered method is trained end to end on every
/// synthetic task of <see cref="TaskRegistry"/> by these tests automatically, with a tiny configuration
/// (the other tasks' rows: tests/Df2.RealWorld.Tests).
/// </summary>
public class EndToEndTests
{
    public static readonly Dictionary<string, string> Tiny = new()
    {
        ["n"] = "200", ["epochs"] = "2", ["batch"] = "32", ["hidden"] = "16",
        ["solver_steps"] = "60", ["solver_starts"] = "3",
    };

    private static readonly Dictionary<string, Dictionary<string, string>> MethodTiny = new()
    {
        ["df2"] = new() { ["S"] = "16", ["J"] = "4", ["d"] = "8" },
        ["two-stage-gmm"] = new() { ["k"] = "2", ["samples"] = "10" },
        ["dfl"] = WarmStarted(),
        ["so-ebm"] = WarmStarted(("ebm_proposals", "16")),
        ["lodl"] = WarmStarted(("lodl_perturbations", "8")),
    };

    /// <summary>dfl / so-ebm / lodl: 1 pre-training + 1 decision-focused epoch (2 in all, like the others), a small GMM.</summary>
    private static Dictionary<string, string> WarmStarted(params (string, string)[] extra)
    {
        var p = new Dictionary<string, string> { ["epochs"] = "1", ["pretrain_epochs"] = "1", ["k"] = "2", ["samples"] = "8" };
        foreach (var (k, v) in extra) p[k] = v;
        return p;
    }

    /// <summary>The synthetic tasks of the task registry (the tasks that know their lower bound).</summary>
    public static IEnumerable<string> SyntheticTasks() => TaskRegistry.Names.Where(n => SyntheticProblem.All.Any(p => p.Name == n));

    public static Dictionary<string, string> TinyFor(string method, params (string, string)[] overrides)
    {
        var p = new Dictionary<string, string>(Tiny);
        // a warm-started method without its own entry (the robust DFL variants): 1 pre-training + 1 decision-focused epoch
        var extra = MethodTiny.GetValueOrDefault(method) ?? (MethodRegistry.Get(method).WarmStarted ? WarmStarted() : []);
        foreach (var (k, v) in extra) p[k] = v;
        foreach (var (k, v) in overrides) p[k] = v;
        return p;
    }

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in SyntheticTasks())
            foreach (var m in MethodRegistry.Fitting(t)) data.Add(t, m);
        return data;
    }

    public static TheoryData<string> Methods() => new(MethodRegistry.Fitting("synthetic-convex"));

    private static CellMetrics Run(string task, string method, Dictionary<string, string> p, ICheckpointSink sink, int seed = 1,
        Action<EpochReport>? progress = null, CancellationToken cancel = default) =>
        WorkerCells.Shared.Run(new CellRequest(task, method, p, seed, 0), sink, progress, cancel);

    [Theory]
    [MemberData(nameof(Cells))]
    public void TrainsEndToEndWithFiniteRegretAndReportsEveryEpoch(string task, string method)
    {
        var sink = new MemorySink();
        var reports = new List<EpochReport>();
        var m = Run(task, method, TinyFor(method), sink, progress: reports.Add);
        Assert.True(double.IsFinite(m.Regret) && m.Regret >= 0, $"regret {m.Regret}");
        Assert.NotNull(m.LowerBound);
        Assert.Equal(m.Regret - m.LowerBound!.Value, m.Gap!.Value, 12);
        Assert.Equal([1, 2], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss)));
        Assert.Equal([1, 2], sink.Saves.Select(s => s.Epoch));
        Assert.Equal(2, m.Epochs);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void SameSeedGivesIdenticalNumbers(string method)
    {
        var a = Run("synthetic-nonconvex", method, TinyFor(method), new MemorySink());
        var b = Run("synthetic-nonconvex", method, TinyFor(method), new MemorySink());
        Assert.Equal(a.Regret, b.Regret);
        Assert.Equal(a.Extra["test_cost"], b.Extra["test_cost"]);
        var c = Run("synthetic-nonconvex", method, TinyFor(method), new MemorySink(), seed: 2);
        Assert.NotEqual(a.Extra["final_train_loss"], c.Extra["final_train_loss"]);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void ResumeFromCheckpointMatchesAnUninterruptedRun(string method)
    {
        var p = TinyFor(method, ("epochs", "3"));
        var full = Run("synthetic-convex", method, p, new MemorySink());

        using var cts = new CancellationTokenSource();
        var sink = new MemorySink { Saved = epoch => { if (epoch == 1) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => Run("synthetic-convex", method, p, sink, cancel: cts.Token));
        Assert.Equal(1, Assert.Single(sink.Saves).Epoch);

        var resumed = Run("synthetic-convex", method, p, sink);
        Assert.Equal(1.0, resumed.Extra["resumed_from_epoch"]);
        Assert.Equal(full.Regret, resumed.Regret);
        Assert.Equal(full.Extra["final_train_loss"], resumed.Extra["final_train_loss"]);
        Assert.Equal(full.Extra["test_cost"], resumed.Extra["test_cost"]);
    }

    [Fact]
    public void DivergingLossFailsTheCellNamingTheEpoch()
    {
        // the child reports the trainer's CellFailedException as the cell's permanent reason, its message as it is
        var e = Assert.Throws<Df2.Grains.Worker.WorkerFaultException>(() =>
            Run("synthetic-convex", "two-stage-pe", TinyFor("two-stage-pe", ("lr", "1e9"), ("epochs", "30")), new MemorySink()));
        Assert.True(e.Permanent);
        Assert.Matches(@"^loss became \S+ in epoch \d+ \(synthetic-convex/two-stage-pe\)$", e.Message);
    }
}

public class CheckpointTests
{
    [Fact]
    public void CorruptOrForeignCheckpointFailsTheCellWithAReason()
    {
        var p = EndToEndTests.TinyFor("two-stage-pe");
        var garbage = new MemorySink();
        garbage.Save(1, [1, 2, 3]);
        var e1 = Assert.Throws<CellFailedException>(() => CellTrainer.Run(new CellRequest("synthetic-convex", "two-stage-pe", p, 0, 0), garbage, _ => { }, default));
        Assert.StartsWith("checkpoint is not a readable safetensors document", e1.Message);

        var gmm = new MemorySink();
        WorkerCells.Shared.Run(new CellRequest("synthetic-convex", "two-stage-gmm", EndToEndTests.TinyFor("two-stage-gmm"), 0, 0), gmm);
        var foreign = new MemorySink();
        foreign.Save(1, gmm.Saves[0].State);
        var e2 = Assert.Throws<CellFailedException>(() => CellTrainer.Run(new CellRequest("synthetic-convex", "two-stage-pe", p, 0, 0), foreign, _ => { }, default));
        Assert.StartsWith("checkpoint does not match this cell's model", e2.Message);
    }
}
