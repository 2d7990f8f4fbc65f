using Df2.Learning.Running;
using Df2.Robust.Adversary;
using Df2.Robust.Diffusion;
using Df2.Learning.Tasks.LlmProvisioning;
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
    public void Advantage_is_the_regret_minus_its_batch_mean()
    {
        // Regrets (1, 2; 3, 6): mean 3, so A = (−2, −1; 0, 3), Σ A = 0; a constant added to every regret changes nothing.
        using var regret = tensor(new float[] { 1, 2, 3, 6 }, [2, 2]);
        using var a = DiffusionAdversary.Advantage(regret);
        Assert.Equal(new float[] { -2, -1, 0, 3 }, a.data<float>().ToArray());
        using var shifted = DiffusionAdversary.Advantage(regret + 10);
        Assert.True(shifted.allclose(a));
        // With r = 1 the clipped surrogate is mean(A) = 0; raising the ratio of the hard row (A = 3) raises it.
        var adversary = new DiffusionAdversary(null!, null!, new NoiseSchedule(steps: 20), Small);
        using var flat = zeros(2, 2);
        Assert.Equal(0f, adversary.Surrogate(flat, a).item<float>(), 6);
        using var hard = tensor(new float[] { 0, 0, 0, 0.1f }, [2, 2]);
        Assert.True(adversary.Surrogate(hard, a).item<float>() > 0);
    }

    [Fact]
    public void Row_regret_is_nonnegative_per_sequence()
    {
        var data = LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(null));
        var ctx = new LlmContext(data, new PaperObjective(), CPU);
        using var init = new Generator(1);
        using var theta0 = new UNet(DiffusionTests.Tiny, CPU, init);
        using var predictor = new LstmForecaster(CPU, init);
        using var real = SeriesImages.ToImages(data.Train.ToTensor(CPU));
        var round = new DroRound(theta0, new NoiseSchedule(steps: 20), ctx, real, Small, seed: 0);
        using var regret = round.RowRegret(predictor, real[..2]);
        Assert.Equal(new long[] { 2, 28 }, regret.shape);
        Assert.True(regret.min().item<float>() >= -1e-6f, $"min regret {regret.min().item<float>()}");
        Assert.True(regret.max().item<float>() > 0);
    }

    [Fact]
    public void Resuming_after_an_interrupted_half_gives_the_uninterrupted_result()
    {
        using var f = new RoundFixture();
        var (theta0, predictor) = (f.Theta0, f.Predictor);
        var round = f.Round(Small);

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
        Assert.Equal(a.Stats, b.Stats);
        Assert.Equal(4, interrupted.Saves[^1].Epoch);
        // Per-round figures of both halves, and validation selection among the rounds' predictors.
        foreach (var k in new[] { 0, 1 })
        {
            foreach (var key in new[] { "j", "alpha", "ratio_std", "ratio_min", "ratio_max", "clip_frac", "theta_shift", "val_regret" })
                Assert.True(double.IsFinite(a.Stats[$"round{k}_{key}"]), $"round{k}_{key}");
            Assert.True(a.Stats[$"round{k}_theta_shift"] > 0);
            Assert.InRange(a.Stats[$"round{k}_clip_frac"], 0, 1);
        }
        Assert.True(a.Stats["j0"] > 0);
        Assert.Equal(Small.BudgetRelative * a.Stats["j0"], a.Stats["epsilon"], 12);
        var best = (int)a.Stats["best_round"];
        Assert.Equal(Math.Min(a.Stats["round0_val_regret"], a.Stats["round1_val_regret"]), a.Stats["best_val_regret"]);
        Assert.Equal(a.Stats[$"round{best}_val_regret"], a.Stats["best_val_regret"]);
        Assert.Contains(a.Tensors.Keys, k => k.StartsWith(DroRound.BestPrefix, StringComparison.Ordinal));
        foreach (var (name, t) in a.Tensors)
            Assert.True(t.equal(b.Tensors[name]).all().item<bool>(), $"{name} differs after resume");
        Assert.Contains(a.Tensors.Keys, k => k.StartsWith("pred.", StringComparison.Ordinal));
        Assert.False(a.Tensors["pred.fc2.weight"].equal(DroRound.Initial(theta0, predictor, Small).Tensors["pred.fc2.weight"]).all().item<bool>());
    }

    [Fact]
    public void The_real_data_ablation_fine_tunes_on_real_sequences_without_moving_the_adversary()
    {
        using var f = new RoundFixture();
        var (theta0, predictor) = (f.Theta0, f.Predictor);
        var ablation = Small with { FineTuneOnReal = true };
        var round = f.Round(ablation);
        var initial = DroRound.Initial(theta0, predictor, ablation);
        var s = initial;
        while (s.Round < ablation.Rounds) s = round.RunHalf(s, s.Next, new MemorySink());
        // θ is θ0 after every round (no adversary half ran), the predictor moved, validation selection ran per round.
        foreach (var (name, t) in initial.Tensors.Where(kv => kv.Key.StartsWith("theta.", StringComparison.Ordinal)))
            Assert.True(t.equal(s.Tensors[name]).all().item<bool>(), $"{name} moved in the real-data ablation");
        Assert.DoesNotContain(s.Stats.Keys, k => k.EndsWith("_theta_shift", StringComparison.Ordinal));
        Assert.True(double.IsFinite(s.Stats["round0_val_regret"]) && double.IsFinite(s.Stats["round1_val_regret"]));
        Assert.False(s.Tensors["pred.fc2.weight"].equal(initial.Tensors["pred.fc2.weight"]).all().item<bool>());
        // Parsed from the cell parameter; anything but generated / real is one clear error.
        static CellSettings Cell(string value) => new("llm-provisioning", "3dl", [AdversarySettings.Group], new Dictionary<string, string> { ["finetune_on"] = value }, 0, 0);
        Assert.True(Cell("real").Get<AdversarySettings>().FineTuneOnReal);
        var e = Assert.ThrowsAny<ArgumentException>(() => Cell("test"));
        Assert.Equal("parameter 'finetune_on' = 'test': expected 'generated' or 'real'", e.Message);
    }

    /// <summary>A tiny θ0 (eval mode), a predictor and the real training images, seeded 0: what the round tests start from.</summary>
    private sealed class RoundFixture : IDisposable
    {
        private readonly Generator _init = new(0);
        private readonly LlmContext _ctx;
        private readonly Tensor _real;

        public UNet Theta0 { get; }

        public LstmForecaster Predictor { get; }

        public RoundFixture()
        {
            var data = LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(null));
            _ctx = new LlmContext(data, new PaperObjective(), CPU);
            Theta0 = new UNet(DiffusionTests.Tiny, CPU, _init);
            Theta0.eval();
            Predictor = new LstmForecaster(CPU, _init);
            _real = SeriesImages.ToImages(data.Train.ToTensor(CPU));
        }

        public DroRound Round(AdversarySettings settings) => new(Theta0, new NoiseSchedule(steps: 20), _ctx, _real, settings, seed: 5);

        public void Dispose()
        {
            _real.Dispose();
            Predictor.Dispose();
            Theta0.Dispose();
            _init.Dispose();
        }
    }
}
