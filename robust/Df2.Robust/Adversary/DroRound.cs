using Df2.Robust.Nets;
using Df2.Learning.Running;
using Df2.Robust.Baselines;
using Df2.Robust.Diffusion;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Adversary;

/// <summary>
/// One 3D-Learning round (Algorithm 2) as two resumable halves. Adversary half: the reference set Z0 drawn from θ0
/// (trajectories of the last T′ steps kept; the same Z0 every round, as the authors' code keeps one), the inner
/// maximisation, then θ, its Adam moments, α and the round's figures are saved. Decision half: sample Sθ (θ0 for
/// steps ≥ T′, θ for the last T′), min-max normalise it as a data file, train the predictor on it with the
/// decision-focused loss, score it on 23V-val and keep the best round's predictor (validation selection, as every
/// baseline). Each half draws from its own streams per purpose (<see cref="StreamSeeds"/>: batch picks, diffusion
/// noise, dropout masks), seeded from (seed, half), so resuming after an interrupted half repeats it exactly. The
/// class the DroGrain calls: <see cref="RunHalf"/>.
/// </summary>
public sealed class DroRound(UNet theta0, NoiseSchedule schedule, LlmContext ctx, Tensor realImages, AdversarySettings settings, int seed)
{
    /// <summary>Prefix of the tensors holding the predictor with the best validation regret so far.</summary>
    public const string BestPrefix = "best.";

    /// <summary>Stream step of half 0: 3D-L's streams never share a seed with the dependency cells' (step 0, 1).</summary>
    private const long FirstHalfStep = 1000;

    /// <summary>Draws per real image in the estimate of J(θ0) (one random step and noise each).</summary>
    private const int ReferenceDraws = 8;

    public static DroState Initial(UNet theta0, LstmForecaster predictor, AdversarySettings settings)
    {
        var state = new DroState { Alpha = settings.Alpha0 };
        foreach (var (k, v) in ModuleState.Snapshot(theta0, "theta.")) state.Tensors[k] = v;
        foreach (var (k, v) in ModuleState.Snapshot(predictor, "pred.")) state.Tensors[k] = v;
        using var adam = optim.Adam(theta0.parameters(), settings.AdversaryLearningRate);
        AdamStateCodec.Write(adam, state.Tensors, "adam.", copy: true);
        return state;
    }

    public DroState RunHalf(DroState state, DroHalf half, ICheckpointSink sink)
    {
        if (state.Next != half) throw new InvalidOperationException($"round {state.Round}: the next half is {state.Next}, not {half}");
        var step = FirstHalfStep + state.FinishedHalves;
        using var batches = new Generator(StreamSeeds.For(seed, StreamPurpose.Batches, step));
        using var noise = new Generator(StreamSeeds.For(seed, StreamPurpose.Noise, step));
        using var dropout = new Generator(StreamSeeds.For(seed, StreamPurpose.Dropout, step));
        using var unused = new Generator(0);                                   // initial weights, overwritten by the restores
        using var theta = new UNet(theta0.Config, ctx.Device, unused);
        ModuleState.Restore(theta, state.Tensors, "theta.");
        using var predictor = new LstmForecaster(ctx.Device, unused);
        ModuleState.Restore(predictor, state.Tensors, "pred.");
        GeneratorDropout.Use(theta, dropout);
        GeneratorDropout.Use(predictor, dropout);
        var next = new DroState { Round = state.Round, Next = state.Next, Alpha = state.Alpha };
        foreach (var (k, v) in state.Tensors) next.Tensors[k] = v;
        foreach (var (k, v) in state.Stats) next.Stats[k] = v;
        if (half == DroHalf.Adversary) RunAdversary(theta, predictor, next, batches, noise);
        else RunDecision(theta, predictor, next, batches, noise);
        sink.Save(next.FinishedHalves, next.Serialize());
        return next;
    }

    private void RunAdversary(UNet theta, LstmForecaster predictor, DroState state, Generator batches, Generator noise)
    {
        if (settings.FineTuneOnReal)
        {
            state.Next = DroHalf.Decision;                                   // the real-data ablation has no adversary
            return;
        }
        using var adam = optim.Adam(theta.parameters(), settings.AdversaryLearningRate);
        AdamStateCodec.Read(adam, state.Tensors, "adam.");
        var states = ReferenceTrajectories();
        Tensor rowRegret;
        using (no_grad()) rowRegret = RowRegret(predictor, states[^1]);
        var adversary = new DiffusionAdversary(theta, theta0, schedule, settings);
        var j0 = ReferenceConstraint();
        var epsilon = settings.BudgetRelative * j0;                         // ε relative to J(θ0) on the same estimator
        var alpha = state.Alpha;
        var n = settings.ReferenceImages;
        var batch = Math.Min(settings.Batch, n);
        double jSum = 0, surrogateSum = 0;
        var steps = settings.InnerEpochs * settings.StepsPerInnerEpoch;
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var pick = randint(0, n, [batch], generator: batches).to(ctx.Device);
            var real = realImages.index_select(0, randint(0, realImages.shape[0], [batch], generator: batches).to(ctx.Device));
            var (surrogate, j) = adversary.Step(states.Select(t => t.index_select(0, pick)).ToList(), rowRegret.index_select(0, pick), real, adam, epsilon, ref alpha, noise);
            if (!double.IsFinite(surrogate) || !double.IsFinite(j))
                throw new CellFailedException($"3D-L round {state.Round}: adversary objective became {surrogate} (J = {j})");
            jSum += j;
            surrogateSum += surrogate;
        }
        state.Alpha = alpha;
        var (std, min, max, clip) = adversary.RatioSpread(states);
        var r = $"round{state.Round}_";
        state.Stats["j0"] = j0;
        state.Stats["epsilon"] = epsilon;
        state.Stats[r + "j"] = jSum / steps;
        state.Stats[r + "surrogate"] = surrogateSum / steps;
        state.Stats[r + "alpha"] = alpha;
        state.Stats[r + "ratio_std"] = std;
        state.Stats[r + "ratio_min"] = min;
        state.Stats[r + "ratio_max"] = max;
        state.Stats[r + "clip_frac"] = clip;
        state.Stats[r + "theta_shift"] = adversary.RelativeShift();
        foreach (var (k, v) in ModuleState.Snapshot(theta, "theta.")) state.Tensors[k] = v;
        AdamStateCodec.Write(adam, state.Tensors, "adam.", copy: true);
        state.Next = DroHalf.Decision;
    }

    private void RunDecision(UNet theta, LstmForecaster predictor, DroState state, Generator batches, Generator noise)
    {
        theta.eval();
        var sequences = settings.FineTuneOnReal
            ? SeriesImages.ToSequences(realImages.index_select(0, randint(0, realImages.shape[0], [settings.AdversarialImages], generator: batches).to(ctx.Device)))
            : MinMaxNormalise(SeriesImages.ToSequences(SampleAdversarial(theta, settings.AdversarialImages, noise)));
        var (inputs, targets) = ForecastWindows.Of(sequences);
        using var optimizer = optim.Adam(predictor.parameters(), settings.PredictorLearningRate);
        var loss = new DecisionFocusedLoss();
        for (var epoch = 0; epoch < settings.DecisionEpochs; epoch++)
        {
            // every window of the generated set is trained, the last short batch too
            var mean = ForecasterTraining.Epoch(predictor, optimizer, inputs, targets, batches, RegretMetric.CodeBatch, dropLast: false, loss, ctx.DecisionLoss, CancellationToken.None);
            if (!double.IsFinite(mean)) throw new CellFailedException($"3D-L round {state.Round}: the decision loss became {mean} in epoch {epoch + 1}");
        }
        predictor.eval();
        var snapshot = ModuleState.Snapshot(predictor, "pred.");
        foreach (var (k, v) in snapshot) state.Tensors[k] = v;
        var regret = ForecasterTraining.Validate(predictor, ctx);
        state.Stats[$"round{state.Round}_val_regret"] = regret;
        if (ValidationSelection.Improves(regret, state.Stats.TryGetValue("best_val_regret", out var best) ? best : null))
        {
            state.Stats["best_val_regret"] = regret;
            state.Stats["best_round"] = state.Round;
            foreach (var (k, v) in snapshot) state.Tensors[BestPrefix + k["pred.".Length..]] = v;
        }
        state.Round++;
        state.Next = DroHalf.Adversary;
    }

    /// <summary>
    /// A generated set as the authors' code loads it: min-max normalised by its own range (the data loader's
    /// normlized=True), x ← (x − min) / (max − min) over the whole set, instead of clamping to [0, 1].
    /// </summary>
    public static Tensor MinMaxNormalise(Tensor sequences)
    {
        var min = sequences.min();
        return (sequences - min) / (sequences.max() - min).clamp_min(1e-12);
    }

    /// <summary>
    /// Per-sequence regret of the decision model, B × 28: mean over the 21 predicted slots of each image row of
    /// f(â(ĉ), c) − f(a*(c), c) (≥ 0), on the min-max normalised set.
    /// </summary>
    public Tensor RowRegret(LstmForecaster predictor, Tensor images)
    {
        predictor.eval();
        var sequences = MinMaxNormalise(SeriesImages.ToSequences(images));
        var (inputs, targets) = ForecastWindows.Of(sequences);
        var regret = ctx.DecisionLoss(predictor.call(inputs), targets) - ctx.DecisionLoss(targets, targets);
        return regret.reshape(-1, SequenceSet.Predictions).mean([1L]).reshape(images.shape[0], SeriesImages.Size);
    }

    /// <summary>J(θ0) on the steps s &lt; T′, over every real image <see cref="ReferenceDraws"/> times, with a fixed stream.</summary>
    private double ReferenceConstraint()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(StreamSeeds.For(seed, StreamPurpose.Reference, 1));
        theta0.eval();
        var real = realImages.repeat(ReferenceDraws, 1, 1, 1);
        return schedule.DenoisingLoss((x, t) => theta0.call(x, t), real, generator, settings.TPrime).item<float>();
    }

    /// <summary>Z0: θ0 trajectories X[T] → X[T′] → X[0] with the states X[T′], …, X[0] kept; the same every round.</summary>
    private List<Tensor> ReferenceTrajectories()
    {
        using var reference = new Generator(StreamSeeds.For(seed, StreamPurpose.Reference));
        var prefix = Prefix(settings.ReferenceImages, reference);
        var states = new List<Tensor>();
        AncestralSampler.Run(schedule, _ => (x, t) => theta0.call(x, t), prefix, settings.TPrime, 0, reference, states);
        return states;
    }

    /// <summary>Sθ: θ0 for steps ≥ T′, the adapted θ for the last T′ steps.</summary>
    private Tensor SampleAdversarial(UNet theta, int count, Generator generator) =>
        AncestralSampler.Run(schedule, _ => (x, t) => theta.call(x, t), Prefix(count, generator), settings.TPrime, 0, generator);

    private Tensor Prefix(int count, Generator generator)
    {
        theta0.eval();
        var start = randn([count, 1, SeriesImages.Size, SeriesImages.Size], generator: generator).to(ctx.Device);
        return AncestralSampler.Run(schedule, _ => (x, t) => theta0.call(x, t), start, schedule.Steps, settings.TPrime, generator);
    }
}
