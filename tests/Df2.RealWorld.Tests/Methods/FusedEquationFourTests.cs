using Df2.Kernels.Ops;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>
/// DF2's eq. 4 as a cell builds it: every separable task (synthetic, wind, inventory) declares its cost's kernel form, so
/// <see cref="SeparableBoxTask.WeightedPairCosts"/> — the call <c>Df2Method.BatchLoss</c> makes — is the fused
/// <see cref="WeightedSeparableCost"/> kernel itself (bit for bit), equal to the plain [B, J, S] table to float rounding;
/// <c>fused = 0</c> gives the plain libtorch path. The bench (bench/Df2.TorchBench <c>cell-epoch</c>) times these very objects:
/// the cell's task, method and <c>CellTrainer.TrainBatch</c>.
/// </summary>
public class FusedEquationFourTests
{
    [Theory]
    [InlineData("synthetic-convex")]
    [InlineData("synthetic-nonconvex")]
    [InlineData("wind")]
    [InlineData("inventory")]
    public void A_separable_task_evaluates_eq_4_with_the_fused_kernel(string name)
    {
        var fusedTask = Task(name, fused: 1);
        var plainTask = Task(name, fused: 0);
        var cost = Assert.IsAssignableFrom<ICoordinateCost>(fusedTask.Separable);
        var kernelForm = Assert.IsAssignableFrom<CoordinateCost>(cost.Fused);
        Assert.Equal(CostPath.Auto, fusedTask.Path);
        Assert.Equal(CostPath.Plain, plainTask.Path);

        using var scope = NewDisposeScope();
        var gen = new Generator(7);
        int s = 40, b = 5, j = 6, d = fusedTask.ADim;
        var values = rand(s, d, generator: gen) * (float)(fusedTask.Hi - fusedTask.Lo) + (float)fusedTask.Lo;
        var weights = rand(b, s, generator: gen).softmax(-1L);
        var actions = rand(b, j, d, generator: gen) * (float)(fusedTask.Hi - fusedTask.Lo) + (float)fusedTask.Lo;

        var cell = fusedTask.WeightedPairCosts(values, weights, actions);
        var kernel = WeightedSeparableCost.Apply(kernelForm, values, weights, actions, CostPath.Fused);
        Assert.True(cell.allclose(kernel, rtol: 0, atol: 0), $"{name}: the cell's eq. 4 is not the fused kernel's");

        var table = IDecisionTask.PairCostMixture(fusedTask, values, weights, actions);
        var plain = plainTask.WeightedPairCosts(values, weights, actions);
        Assert.True(cell.allclose(table.to(ScalarType.Float32), rtol: 1e-4, atol: 1e-3), $"{name}: fused vs the [B, J, S] table");
        Assert.True(plain.allclose(cell, rtol: 1e-4, atol: 1e-3), $"{name}: fused = 0 vs fused");
    }

    private static SeparableBoxTask Task(string name, int fused)
    {
        var p = new Dictionary<string, string> { ["fused"] = fused.ToString(System.Globalization.CultureInfo.InvariantCulture), ["n"] = "200" };
        if (!name.StartsWith("synthetic", StringComparison.Ordinal)) p.Remove("n");
        return Assert.IsAssignableFrom<SeparableBoxTask>(TaskRegistry.Create(CellSettings.Of(name, "df2", p, 0, 0)));
    }
}
