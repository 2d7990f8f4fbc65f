using Df2.Learning.Methods;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Learning.Tasks.Synthetic;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>
/// Every (task, method) row of the registries runs end to end on a tiny configuration and returns a finite regret ≥ 0 on
/// average (PyEPO style): every task of <see cref="TaskRegistry"/> except the synthetic ones (tests/Df2.Learning.Tests) and
/// vaccine (its own tiny sizes below) × every method of <see cref="MethodRegistry"/>.
/// </summary>
public class EndToEndTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Tiny = new()
    {
        ["epochs"] = "1", ["pretrain_epochs"] = "1", ["max_train"] = "48", ["max_test"] = "6", ["max_val"] = "6", ["batch"] = "16",
        ["hidden"] = "16", ["samples"] = "8", ["S"] = "12", ["J"] = "6", ["d"] = "8", ["solver_steps"] = "60",
        ["solver_starts"] = "3", ["ebm_proposals"] = "16", ["lodl_perturbations"] = "8", ["k"] = "2",
    };

    public static TheoryData<string, string> BoxRows()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in TaskRegistry.Names.Where(n => n != "vaccine" && SyntheticProblem.All.All(p => p.Name != n)))
            foreach (var m in MethodRegistry.Names) data.Add(t, m);
        return data;
    }

    [Theory]
    [MemberData(nameof(BoxRows))]
    public void Box_task_rows_run_end_to_end(string task, string method)
    {
        var request = new CellRequest(task, method, Tiny, Seed: 0, DataSeed: 0);
        CellTrainer.Validate(request);
        var epochs = new List<EpochReport>();
        var m = CellTrainer.Run(request, new NoCheckpoints(), epochs.Add, CancellationToken.None);
        output.WriteLine($"{task}/{method}: regret {m.Regret:F3}, epochs {m.Epochs}, {string.Join(", ", m.Extra.Select(kv => $"{kv.Key}={kv.Value:G4}"))}");
        Assert.True(double.IsFinite(m.Regret));
        Assert.True(m.Regret > -1e-6, "regret against the per-sample oracle cannot be negative");
        Assert.Equal(m.Epochs, epochs.Count);
    }

    public static TheoryData<string> Methods() => [.. MethodRegistry.Names];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Vaccine_rows_run_end_to_end(string method)
    {
        var p = new Dictionary<string, string>(Tiny) { ["max_train"] = "8", ["max_test"] = "2", ["max_val"] = "2", ["batch"] = "4", ["S"] = "3", ["J"] = "2", ["samples"] = "2", ["solver_steps"] = "20", ["k"] = "1", ["hidden"] = "8", ["node_hidden"] = "4" };
        var request = new CellRequest("vaccine", method, p, 0, 0);
        CellTrainer.Validate(request);
        var epochs = new List<EpochReport>();
        var m = CellTrainer.Run(request, new NoCheckpoints(), epochs.Add, CancellationToken.None);
        output.WriteLine($"vaccine/{method}: regret {m.Regret:F3} ({string.Join(", ", m.Extra.Select(kv => $"{kv.Key}={kv.Value:G4}"))})");
        Assert.True(double.IsFinite(m.Regret));
        Assert.Equal(m.Epochs, epochs.Count);
        Assert.All(epochs, e => Assert.True(double.IsFinite(e.Loss), $"epoch {e.Epoch} loss {e.Loss}"));
    }

    [Fact]
    public void Unknown_parameter_and_unsupported_pairs_are_named()
    {
        var e = Assert.Throws<ArgumentException>(() => CellTrainer.Validate(new CellRequest("wind", "df2", new Dictionary<string, string> { ["bogus"] = "1" }, 0, 0)));
        Assert.Contains("bogus", e.Message);
        var v = Assert.Throws<ArgumentException>(() => CellTrainer.Validate(new CellRequest("vaccine", "no-such-method", new Dictionary<string, string>(), 0, 0)));
        Assert.Contains("no-such-method", v.Message);
    }

    [Fact]
    public void Lodl_on_the_mixture_mean_keeps_more_spread_than_lodl_on_samples()
    {
        // E_m Σ w (ŷ_m − y)² = Σ w ((Eŷ − y)² + Var ŷ): on samples the surrogate also shrinks the spread, on the mean it cannot
        double Sd(string target)
        {
            var p = new Dictionary<string, string>(Tiny) { ["lodl_target"] = target, ["epochs"] = "3", ["finetune_lr"] = "0.01", ["val_every"] = "0" };
            return CellRunner.Run(new CellRequest("inventory", "lodl", p, 0, 0), new NoCheckpoints(), _ => { }, CancellationToken.None).Extra["gmm_sd"];
        }
        double samples = Sd("samples"), mean = Sd("mean");
        output.WriteLine($"gmm_sd after LODL: samples {samples:G4}, mean {mean:G4}");
        Assert.True(samples < mean, $"gmm_sd samples {samples} vs mean {mean}");
    }

    [Theory]
    [InlineData("vaccine", "md_gradient", "steepest", "parameter 'md_gradient' = 'steepest': expected 'share' or 'dose'")]
    [InlineData("inventory", "lodl_target", "median", "parameter 'lodl_target' = 'median': expected 'samples' or 'mean'")]
    [InlineData("inventory", "source", "tennet", "parameter 'source' = 'tennet': expected 'store-item' or 'm5' for task inventory")]
    [InlineData("wind", "source", "m5", "parameter 'source' = 'm5': expected 'tennet' or 'transnetbw' for task wind")]
    public void Bad_text_parameter_is_named_once_at_validation(string task, string key, string value, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => CellRunner.Validate(new CellRequest(task, "two-stage-gmm", new Dictionary<string, string> { [key] = value }, 0, 0)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Same_seed_gives_same_regret()
    {
        var p = new Dictionary<string, string>(Tiny);
        double Run() => CellTrainer.Run(new CellRequest("inventory", "two-stage-gmm", p, 3, 0), new NoCheckpoints(), _ => { }, CancellationToken.None).Regret;
        Assert.Equal(Run(), Run());
    }
}
