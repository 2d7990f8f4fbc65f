using Df2.Learning.Nets;
using Df2.Robust.Diffusion;
using Df2.Robust.Nets;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>
/// A cell's randomness comes from its own generators, not libtorch's process-wide one: the seeded layers give the
/// weights <c>manual_seed</c> + the default constructors gave (so results did not change), dropout draws the same
/// masks libtorch's dropout drew, and draws on the global generator in between change nothing.
/// </summary>
public class SeededRandomTests
{
    [Fact]
    public void Seeded_layers_equal_the_default_constructors_after_manual_seed()
    {
        manual_seed(17);
        using var lstm = nn.LSTM(3, 5, batchFirst: true);
        using var linear = nn.Linear(5, 4);
        using var g = new Generator(17);
        using var seededLstm = SeededLayers.Lstm(3, 5, 1, g);
        using var seededLinear = SeededLayers.Linear(5, 4, g);
        AssertSameParameters(lstm, seededLstm);
        AssertSameParameters(linear, seededLinear);
    }

    [Fact]
    public void Dropout_draws_libtorchs_masks_from_the_generator_and_nothing_from_the_global_one()
    {
        using var x = rand([4, 6, 8], generator: new Generator(3));
        manual_seed(11);
        using var reference = nn.functional.dropout(x, 0.3, training: true);
        using var dropout = new GeneratorDropout(0.3);
        using var g = new Generator(11);
        GeneratorDropout.Use(dropout, g);
        manual_seed(999);                         // another slot's draws on the global generator
        using var y = dropout.call(x);
        Assert.True(y.equal(reference).all().item<bool>());
        dropout.eval();
        Assert.True(dropout.call(x).equal(x).all().item<bool>());
    }

    [Fact]
    public void Dropout_in_training_without_a_generator_is_an_error()
    {
        using var dropout = new GeneratorDropout(0.1);
        using var x = ones(3);
        Assert.Throws<InvalidOperationException>(() => dropout.call(x));
    }

    [Fact]
    public void Models_do_not_depend_on_the_global_generator()
    {
        static (LstmForecaster, UNet) Build(long global)
        {
            manual_seed(global);
            using var g = new Generator(5);
            return (new LstmForecaster(CPU, g), new UNet(DiffusionTests.Tiny, CPU, g));
        }
        var (lstmA, unetA) = Build(1);
        var (lstmB, unetB) = Build(2);
        AssertSameParameters(lstmA, lstmB);
        AssertSameParameters(unetA, unetB);
        foreach (var m in new nn.Module[] { lstmA, lstmB, unetA, unetB }) m.Dispose();
    }

    private static void AssertSameParameters(nn.Module a, nn.Module b)
    {
        var pa = a.named_parameters().ToList();
        var pb = b.named_parameters().ToList();
        Assert.Equal(pa.Select(p => p.name), pb.Select(p => p.name));
        foreach (var ((name, x), (_, y)) in pa.Zip(pb)) Assert.True(x.equal(y).all().item<bool>(), $"{name} differs");
    }
}
