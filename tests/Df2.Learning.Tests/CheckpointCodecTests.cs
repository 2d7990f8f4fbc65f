using Df2.Kernels.Random;
using Df2.Learning.Running;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.Tests;

/// <summary>
/// The TorchSharp checkpoint: weights, Adam state, learning rates, generator states, extras and metadata come back
/// exactly, so training continued from a checkpoint equals training that never stopped, bit for bit; a checkpoint
/// of another shape or a broken document fails with one clear message.
/// </summary>
public sealed class CheckpointCodecTests
{
    private static (Sequential Model, Adam Optimizer) Build(int hidden = 4)
    {
        manual_seed(5);
        var model = nn.Sequential(nn.Linear(3, hidden), nn.ReLU(), nn.Linear(hidden, 2));
        return (model, optim.Adam(model.parameters(), lr: 0.01));
    }

    private static void Step(Sequential model, Adam optimizer, int i)
    {
        using var scope = NewDisposeScope();
        var g = new Generator((ulong)(100 + i));
        var x = randn(new long[] { 8, 3 }, generator: g);
        var y = randn(new long[] { 8, 2 }, generator: g);
        optimizer.zero_grad();
        (model.call(x) - y).pow(2).mean().backward();
        optimizer.step();
    }

    private static bool Same(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.detach().cpu().contiguous().bytes.SequenceEqual(b.detach().cpu().contiguous().bytes);

    [Fact]
    public void Resumed_training_equals_uninterrupted_training_bit_for_bit()
    {
        var (a, optA) = Build();
        for (int i = 0; i < 3; i++) Step(a, optA, i);
        var rng = new Rng(9);
        rng.NextNormal(); // leaves a pending Box–Muller value, which must travel too
        using var best = full(new long[] { 2, 2 }, 1.5, ScalarType.Float64);
        var bytes = CheckpointCodec.Save(a, optA, 3, new Dictionary<string, string> { ["method"] = "test" },
            new Dictionary<string, Tensor> { ["best"] = best }, new Dictionary<string, RngState> { ["draws"] = rng.State });

        var (b, optB) = Build();
        var restored = CheckpointCodec.Restore(bytes, b, optB);
        Assert.Equal(3, restored.Epoch);
        Assert.Equal("test", restored.Metadata["method"]);
        Assert.True(Same(best, restored.Extras["best"]));
        Assert.Equal(rng.State, restored.Rngs["draws"]);
        for (int i = 3; i < 6; i++) { Step(a, optA, i); Step(b, optB, i); }
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(Same(pa, pb), $"{name} differs after resuming");
        Assert.Equal(CheckpointCodec.Save(a, optA, 6), CheckpointCodec.Save(b, optB, 6));
    }

    [Fact]
    public void A_checkpoint_of_another_shape_fails_naming_the_tensor()
    {
        var (a, optA) = Build(hidden: 4);
        Step(a, optA, 0);
        var bytes = CheckpointCodec.Save(a, optA, 1);
        var (b, optB) = Build(hidden: 5);
        var err = Assert.Throws<CellFailedException>(() => CheckpointCodec.Restore(bytes, b, optB));
        Assert.Contains("'0.weight' is [4,3] in the checkpoint but [5,3] in the model", err.Message);
        var broken = Assert.Throws<CellFailedException>(() => CheckpointCodec.Restore([1, 2, 3], b, optB));
        Assert.Contains("not a readable safetensors document", broken.Message);
    }
}
