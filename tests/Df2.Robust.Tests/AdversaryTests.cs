using Df2.Robust.Adversary;
using Df2.Robust.Diffusion;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>3D-Learning's inner maximisation and its resumable rounds.</summary>
public sealed class AdversaryTests
{
    private static readonly AdversarySettings Small = new(TPrime: 3, Rounds: 2, InnerEpochs: 1, StepsPerInnerEpoch: 2, Batch: 2,
        ReferenceImages: 3, AdversarialImages: 2, AdversaryLearningRate: 1e-3, PredictorLearningRate: 1e-3);

    [Fact]
    public void Ratio_is_one_at_theta0_in_eval_mode_and_moves_after_a_step()
    {
        using var init = new Generator(2);
        using var theta0 = new UNet(DiffusionTests.Tiny, CPU, init);
        using var theta = new UNet(DiffusionTests.Tiny, CPU, init);
        theta.load_state_dict(theta0.state_dict());
        theta0.eval();
        theta.eval();
        var schedule = new NoiseSchedule(steps: 20);
        using var generator = new Generator(9);
        var states = new List<Tensor>();
        var start = randn([2, 1, 28, 28], generator: generator);
        AncestralSampler.Run(schedule, _ => (x, t) => theta0.call(x, t), start, Small.TPrime, 0, generator, states);
        Assert.Equal(Small.TPrime + 1, states.Count);
        var adversary = new DiffusionAdversary(theta, theta0, schedule, Small);
        using var logRatio = adversary.LogRatio(states);
        Assert.Equal(new long[] { 2, 28 }, logRatio.shape);
        Assert.True(logRatio.abs().max().item<float>() < 1e-6, $"max |ln r| = {logRatio.abs().max().item<float>()}");
        // With f > 0 and r = 1 the clipped surrogate is the plain mean of f.
        using var f = rand([2, 28], generator: generator) + 0.1;
        Assert.Equal(f.mean().item<float>(), adversary.Surrogate(logRatio, f).item<float>(), 5);
    }

    [Fact]
    public void Resuming_after_an_interrupted_half_gives_the_uninterrupted_result()
    {
        var data = LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(null));
        var ctx = new LlmContext(data, new PaperObjective(), CPU);
        using var init = new Generator(0);
        using var theta0 = new UNet(DiffusionTests.Tiny, CPU, init);
        theta0.eval();
        using var predictor = new LstmForecaster(CPU, init);
        using var real = SeriesImages.ToImages(data.Train.ToTensor(CPU));
        var round = new DroRound(theta0, new NoiseSchedule(steps: 20), ctx, real, Small, seed: 5);

        var straight = new MemorySink();
        var a = DroRound.Initial(theta0, predictor, Small);
        while (a.Round < Small.Rounds) a = round.RunHalf(a, a.Next, straight);

        var interrupted = new MemorySink();
        var b = DroRound.Initial(theta0, predictor, Small);
        b = round.RunHalf(b, b.Next, interrupted);            // round 0 adversary finished
        b = round.RunHalf(b, b.Next, interrupted);            // round 0 decision finished
        round.RunHalf(b, b.Next, new MemorySink());           // round 1 adversary runs, then the process "dies" unsaved
        b = DroState.Deserialize(interrupted.Load()!.Value.State);
        Assert.Equal((1, DroHalf.Adversary), (b.Round, b.Next));
        while (b.Round < Small.Rounds) b = round.RunHalf(b, b.Next, interrupted);

        Assert.Equal(a.Alpha, b.Alpha);
        Assert.Equal(4, interrupted.Saves[^1].Epoch);
        foreach (var (name, t) in a.Tensors)
            Assert.True(t.equal(b.Tensors[name]).all().item<bool>(), $"{name} differs after resume");
        Assert.Contains(a.Tensors.Keys, k => k.StartsWith("pred.", StringComparison.Ordinal));
        Assert.False(a.Tensors["pred.fc2.weight"].equal(DroRound.Initial(theta0, predictor, Small).Tensors["pred.fc2.weight"]).all().item<bool>());
    }
}
