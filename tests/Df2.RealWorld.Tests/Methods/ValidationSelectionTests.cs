using Df2.Learning.Methods;
using Df2.Learning.Running;
using static TorchSharp.torch;
using Df2.Learning.Tasks;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>Model selection on the validation split keeps and restores the parameters of the best evaluated epoch.</summary>
public class ValidationSelectionTests
{
    private static readonly Dictionary<string, string> Tiny = new()
    {
        ["epochs"] = "3", ["max_train"] = "48", ["max_test"] = "6", ["max_val"] = "6", ["batch"] = "16", ["hidden"] = "8",
        ["solver_steps"] = "40", ["solver_starts"] = "3",
    };

    [Fact]
    public void Restores_the_lowest_validation_regret_state()
    {
        var s = CellSettings.Of("wind", "two-stage-pe", Tiny, 0, 0);
        var task = TaskRegistry.Create(s);
        var method = MethodRegistry.Create("two-stage-pe", task, s);
        var selection = new ValidationSelection(1, 6, 3);
        double first = selection.AfterEpoch(0, task, method, CancellationToken.None)!.Value;
        var kept = method.Model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        // forecast 10 (scaled power) everywhere: every bid hits the upper bound, far worse than the fresh model
        var bias = method.Model.named_parameters().First(p => p.name == "head.bias").parameter;
        using (no_grad()) bias.fill_(10f);
        double second = selection.AfterEpoch(1, task, method, CancellationToken.None)!.Value;
        Assert.True(second > first, $"the damaged model should be worse: {second} vs {first}");
        Assert.Equal(1, selection.BestEpoch);
        Assert.Equal(first, selection.BestRegret);
        selection.RestoreBest(method.Model);
        foreach (var (name, t) in method.Model.state_dict()) Assert.True(t.allclose(kept[name], rtol: 0, atol: 0), $"'{name}' was not restored");
    }

    [Fact]
    public void Runner_reports_the_selected_epoch_and_can_turn_selection_off()
    {
        var on = WorkerCells.Shared.Run(new CellRequest("wind", "two-stage-gmm", Tiny, 0, 0));
        Assert.InRange(on.Extra["best_epoch"], 1, 3);
        Assert.True(double.IsFinite(on.Extra["val_regret"]));
        var off = WorkerCells.Shared.Run(new CellRequest("wind", "two-stage-gmm", new Dictionary<string, string>(Tiny) { ["val_every"] = "0" }, 0, 0));
        Assert.False(off.Extra.ContainsKey("best_epoch"));
    }
}
