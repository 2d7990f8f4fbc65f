using Df2.Grains.Worker;
using Df2.Kernels.IO;
using Df2.Learning.Running;
using Df2.Learning.Methods;
using Df2.Learning.Tasks;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>
/// Real-world cells checkpoint after every epoch and resume exactly: for every registered method, a wind cell
/// cancelled after epoch 1, resumed and cancelled after epoch 2, then resumed to the end gives the same
/// regret, the same epoch losses and the same final model / Adam / generator state as an uninterrupted run,
/// without redoing finished epochs. The cells train in df2-worker children (<see cref="WorkerCells"/>), as in a silo: a
/// checkpoint's failure reaches the test as the cell's permanent reason.
/// </summary>
public class CheckpointResumeTests(ITestOutputHelper output)
{
    private const int Epochs = 3;

    /// <summary>Tiny wind cell of 3 epochs: warm-started methods get 1 pre-training + 2 decision-focused epochs.</summary>
    public static Dictionary<string, string> Tiny(string method, params (string Key, string Value)[] overrides)
    {
        bool warm = MethodRegistry.Get(method).WarmStarted;
        var p = new Dictionary<string, string>
        {
            ["epochs"] = warm ? "2" : "3", ["pretrain_epochs"] = "1", ["max_train"] = "64", ["max_test"] = "20", ["max_val"] = "10", ["batch"] = "32",
            ["hidden"] = "8", ["k"] = "2", ["samples"] = "6", ["S"] = "12", ["J"] = "6", ["d"] = "8",
            ["solver_steps"] = "30", ["solver_starts"] = "2", ["ebm_proposals"] = "16", ["lodl_perturbations"] = "8",
        };
        foreach (var (k, v) in overrides) p[k] = v;
        return p;
    }

    public static TheoryData<string> Methods() => [.. MethodRegistry.Fitting("wind").Where(m => MethodRegistry.Get(m).Trains)];

    /// <summary>Trains in a df2-worker child; with <paramref name="cancelAfter"/> &gt; 0 the child is killed once that epoch's checkpoint is saved.</summary>
    private static (CellMetrics? Metrics, List<EpochReport> Reports) Run(string method, Dictionary<string, string> p, MemorySink sink, int cancelAfter = 0)
    {
        var reports = new List<EpochReport>();
        using var cts = new CancellationTokenSource();
        sink.Saved = epoch => { if (epoch == cancelAfter) cts.Cancel(); };
        var request = new CellRequest("wind", method, p, Seed: 5, DataSeed: 0);
        try
        {
            var m = WorkerCells.Shared.Run(request, sink, reports.Add, cts.Token);
            return (m, reports);
        }
        catch (OperationCanceledException) when (cancelAfter > 0)
        {
            return (null, reports);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Resumed_cell_matches_an_uninterrupted_one_bit_for_bit(string method)
    {
        var p = Tiny(method);
        var fullSink = new MemorySink();
        var (full, fullReports) = Run(method, p, fullSink);
        Assert.NotNull(full);
        Assert.Equal(Epochs, full.Epochs);
        Assert.Equal(CellTrainer.TotalEpochs(method, CellSettings.Of("wind", method, p, 5, 0)), full.Epochs);
        Assert.All(fullReports, r => Assert.Equal(Epochs, r.TotalEpochs));
        Assert.Equal(0.0, full.Extra["resumed_from_epoch"]);

        var sink = new MemorySink();
        var (first, firstReports) = Run(method, p, sink, cancelAfter: 1);
        Assert.Null(first);
        Assert.Equal([1], firstReports.Select(r => r.Epoch));
        var (second, secondReports) = Run(method, p, sink, cancelAfter: 2);
        Assert.Null(second);
        Assert.Equal([2], secondReports.Select(r => r.Epoch)); // epoch 1 is not trained again
        var (resumed, lastReports) = Run(method, p, sink);
        Assert.NotNull(resumed);
        Assert.Equal([3], lastReports.Select(r => r.Epoch));
        Assert.Equal([1, 2, 3], sink.Saves.Select(s => s.Epoch));

        output.WriteLine($"{method}: regret {full.Regret:R} vs resumed {resumed.Regret:R}; losses {string.Join(", ", fullReports.Select(r => r.Loss.ToString("G6")))}");
        Assert.Equal(full.Regret, resumed.Regret);
        Assert.Equal(full.Extra["test_cost"], resumed.Extra["test_cost"]);
        Assert.Equal(fullReports.Select(r => r.Loss), firstReports.Concat(secondReports).Concat(lastReports).Select(r => r.Loss));
        Assert.Equal(2.0, resumed.Extra["resumed_from_epoch"]);
        Assert.Equal(full.Extra.Keys.Order(), resumed.Extra.Keys.Order()); // per-phase epoch times cover the epochs before the resume too

        // the final checkpoints agree in every tensor (model, Adam) and in the generator states
        var a = Safetensors.Load(fullSink.Saves[^1].State, out var metaA);
        var b = Safetensors.Load(sink.Saves[^1].State, out var metaB);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, t) in a)
            Assert.True(t.dtype == b[name].dtype && t.shape.SequenceEqual(b[name].shape) && t.bytes.SequenceEqual(b[name].bytes), $"checkpoint tensor '{name}' differs");
        Assert.Contains("rng.sample", a.Keys);
        Assert.Equal(metaA.Where(kv => kv.Key != "epoch_seconds"), metaB.Where(kv => kv.Key != "epoch_seconds"));
    }

    [Fact]
    public void Checkpoint_of_a_different_model_fails_with_one_message()
    {
        var sink = new MemorySink();
        Run("two-stage-pe", Tiny("two-stage-pe", ("epochs", "1"), ("max_test", "2")), sink);
        var e = Assert.Throws<WorkerFaultException>(() => Run("two-stage-pe", Tiny("two-stage-pe", ("hidden", "12")), sink));
        Assert.True(e.Permanent);
        output.WriteLine(e.Message);
        Assert.StartsWith("checkpoint does not match this cell's model", e.Message);
        Assert.Contains("in the checkpoint but", e.Message);

        // policy-net has the same network shape as two-stage-pe: the checkpoint names its method
        var other = Assert.Throws<WorkerFaultException>(() => Run("policy-net", Tiny("policy-net"), sink));
        Assert.Equal("checkpoint was written by method 'two-stage-pe', this cell runs 'policy-net'", other.Message);
    }

    [Fact]
    public void Checkpoint_beyond_the_configured_epochs_fails()
    {
        var sink = new MemorySink();
        Run("two-stage-pe", Tiny("two-stage-pe", ("max_test", "2")), sink);
        var e = Assert.Throws<WorkerFaultException>(() => Run("two-stage-pe", Tiny("two-stage-pe", ("epochs", "2")), sink));
        Assert.True(e.Permanent);
        Assert.Contains("outside this cell's 2 epochs", e.Message);
    }

    [Fact]
    public void Warm_started_flag_comes_from_the_method_type()
    {
        Assert.Equal(["dfl", "so-ebm", "lodl", "kl-dro", "chi2-dro", "cvar", "w-dro", "gaussian", "cutout"], MethodRegistry.All.Where(d => d.WarmStarted).Select(d => d.Name));
        var p = new Dictionary<string, string> { ["epochs"] = "4", ["pretrain_epochs"] = "3" };
        Assert.Equal(7, CellTrainer.TotalEpochs("lodl", CellSettings.Of("wind", "lodl", p, 0, 0)));
        Assert.Equal(4, CellTrainer.TotalEpochs("df2", CellSettings.Of("wind", "df2", p, 0, 0)));
    }
}
