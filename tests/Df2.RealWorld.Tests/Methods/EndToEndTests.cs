using Df2.Learning.Methods;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Learning.Tasks.Synthetic;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>
/// The real-world tasks' method-specific behaviour (every pair's tiny run is tests/Df2.Robust.Tests' CatalogPairTests).
/// </summary>
public class EndToEndTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Tiny = new()
    {
        ["epochs"] = "1", ["pretrain_epochs"] = "1", ["max_train"] = "48", ["max_test"] = "6", ["max_val"] = "6", ["batch"] = "16",
        ["hidden"] = "16", ["samples"] = "8", ["S"] = "12", ["J"] = "6", ["d"] = "8", ["solver_steps"] = "60",
        ["solver_starts"] = "3", ["ebm_proposals"] = "16", ["lodl_perturbations"] = "8", ["k"] = "2",
    };

    [Fact]
    public void Unknown_parameter_and_unsupported_pairs_are_named()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(new CellRequest("wind", "df2", new Dictionary<string, string> { ["bogus"] = "1" }, 0, 0)));
        Assert.Contains("bogus", e.Message);
        var v = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(new CellRequest("vaccine", "no-such-method", new Dictionary<string, string>(), 0, 0)));
        Assert.Contains("no-such-method", v.Message);
    }

    [Fact]
    public void Lodl_on_the_mixture_mean_keeps_more_spread_than_lodl_on_samples()
    {
        // E_m Σ w (ŷ_m − y)² = Σ w ((Eŷ − y)² + Var ŷ): on samples the surrogate also shrinks the spread, on the mean it cannot
        double Sd(string target)
        {
            var p = new Dictionary<string, string>(Tiny) { ["lodl_target"] = target, ["epochs"] = "3", ["finetune_lr"] = "0.01", ["val_every"] = "0" };
            return WorkerCells.Shared.Run(new CellRequest("inventory", "lodl", p, 0, 0)).Extra["gmm_sd"];
        }
        double samples = Sd("samples"), mean = Sd("mean");
        output.WriteLine($"gmm_sd after LODL: samples {samples:G4}, mean {mean:G4}");
        Assert.True(samples < mean, $"gmm_sd samples {samples} vs mean {mean}");
    }

    [Theory]
    [InlineData("vaccine", "two-stage-gmm", "md_gradient", "steepest", "parameter 'md_gradient' = 'steepest': expected 'share' or 'dose'")]
    [InlineData("inventory", "lodl", "lodl_target", "median", "parameter 'lodl_target' = 'median': expected 'samples' or 'mean'")]
    [InlineData("inventory", "two-stage-gmm", "source", "tennet", "parameter 'source' = 'tennet': expected 'store-item' or 'm5'")]
    [InlineData("wind", "two-stage-gmm", "source", "m5", "parameter 'source' = 'm5': expected 'tennet' or 'transnetbw'")]
    public void Bad_text_parameter_is_named_once_at_validation(string task, string method, string key, string value, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(new CellRequest(task, method, new Dictionary<string, string> { [key] = value }, 0, 0)));
        Assert.Equal(message, e.Message);
        Assert.Equal(key, Assert.IsType<ParameterException>(e).Key);
    }

    [Fact]
    public void A_key_only_another_method_reads_is_ignored()
    {
        // a sweep's defaults reach every method: lodl's key on a two-stage-gmm cell is not that cell's, whatever its value
        CellTrainer.Validate(new CellRequest("inventory", "two-stage-gmm", new Dictionary<string, string> { ["lodl_target"] = "median" }, 0, 0));
    }

    [Fact]
    public void Same_seed_gives_same_regret()
    {
        var p = new Dictionary<string, string>(Tiny);
        double Run() => WorkerCells.Shared.Run(new CellRequest("inventory", "two-stage-gmm", p, 3, 0)).Regret;
        Assert.Equal(Run(), Run());
    }
}
