using Df2.Learning.Tasks;
using Df2.Learning.Methods;
using Df2.Learning.Running;

namespace Df2.Learning.Tests;

/// <summary>
/// Parameterised over the registries (PyEPO style): a newly registered task or method is trained
/// end to end by these tests automatically, with a tiny configuration.
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
    };

    public static Dictionary<string, string> TinyFor(string method, params (string, string)[] overrides)
    {
        var p = new Dictionary<string, string>(Tiny);
        if (MethodTiny.TryGetValue(method, out var extra)) foreach (var (k, v) in extra) p[k] = v;
        foreach (var (k, v) in overrides) p[k] = v;
        return p;
    }

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in TaskRegistry.Names)
            foreach (var m in MethodRegistry.Names) data.Add(t, m);
        return data;
    }

    public static TheoryData<string> Methods() => new(MethodRegistry.Names);

    private static CellMetrics Run(string task, string method, Dictionary<string, string> p, ICheckpointSink sink, int seed = 1,
        Action<EpochReport>? progress = null, CancellationToken cancel = default) =>
        CellRunner.Run(new CellRequest(task, method, p, seed, 0), sink, progress ?? (_ => { }), cancel);

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
        Assert.Equal([1, 2], sink.Saved.Select(s => s.Epoch));
        Assert.Equal(2, m.Epochs);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void SameSeedGivesIdenticalNumbers(string method)
    {
        var a = Run("synthetic-nonconvex", method, TinyFor(method), new MemorySink());
        var b = Run("synthetic-nonconvex", method, TinyFor(method), new MemorySink());
        Assert.Equal(a.Regret, b.Regret);
        Assert.Equal(a.Extra["val_loss"], b.Extra["val_loss"]);
        var c = Run("synthetic-nonconvex", method, TinyFor(method), new MemorySink(), seed: 2);
        Assert.NotEqual(a.Extra["final_train_loss"], c.Extra["final_train_loss"]);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void ResumeFromCheckpointMatchesAnUninterruptedRun(string method)
    {
        var p = TinyFor(method, ("epochs", "3"));
        var full = Run("synthetic-convex", method, p, new MemorySink());

        var sink = new MemorySink();
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Run("synthetic-convex", method, p, sink, progress: r => { if (r.Epoch == 1) cts.Cancel(); }, cancel: cts.Token));
        Assert.Equal(1, Assert.Single(sink.Saved).Epoch);

        var resumed = Run("synthetic-convex", method, p, sink);
        Assert.Equal(1.0, resumed.Extra["resumed_from_epoch"]);
        Assert.Equal(full.Regret, resumed.Regret);
        Assert.Equal(full.Extra["final_train_loss"], resumed.Extra["final_train_loss"]);
        Assert.Equal(full.Extra["val_loss"], resumed.Extra["val_loss"]);
    }

    [Fact]
    public void DivergingLossFailsTheCellNamingTheEpoch()
    {
        var e = Assert.Throws<CellFailedException>(() =>
            Run("synthetic-convex", "two-stage-pe", TinyFor("two-stage-pe", ("lr", "1e9"), ("epochs", "30")), new MemorySink()));
        Assert.Matches(@"^loss became NaN at epoch \d+$", e.Message);
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
        var e1 = Assert.Throws<CellFailedException>(() => CellRunner.Run(new CellRequest("synthetic-convex", "two-stage-pe", p, 0, 0), garbage, _ => { }, default));
        Assert.StartsWith("checkpoint is not a readable safetensors document", e1.Message);

        var gmm = new MemorySink();
        CellRunner.Run(new CellRequest("synthetic-convex", "two-stage-gmm", EndToEndTests.TinyFor("two-stage-gmm"), 0, 0), gmm, _ => { }, default);
        var foreign = new MemorySink();
        foreign.Save(1, gmm.Saved[0].State);
        var e2 = Assert.Throws<CellFailedException>(() => CellRunner.Run(new CellRequest("synthetic-convex", "two-stage-pe", p, 0, 0), foreign, _ => { }, default));
        Assert.StartsWith("checkpoint does not match this cell's model", e2.Message);
    }
}
