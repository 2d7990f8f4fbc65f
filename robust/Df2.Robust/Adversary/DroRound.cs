using Df2.Robust.Nets;
using Df2.Learning.Running;
using Df2.Robust.Baselines;
using Df2.Robust.Diffusion;
using Df2.Robust.Running;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Adversary;

/// <summary>
/// One 3D-Learning round (Algorithm 2) as two resumable halves. Adversary half: draw Z0 from θ0 (trajectories of
/// the last T′ steps kept), run the inner maximisation, save θ, its Adam moments and α. Decision half: sample Sθ
/// (θ0 for steps ≥ T′, θ for the last T′), train the predictor on Sθ with the decision-focused loss, save it.
/// Every half seeds its randomness from (seed, round, half), so resuming after an interrupted half repeats it
/// exactly. The class the DroGrain calls: <see cref="RunHalf"/>.
/// </summary>
public sealed class DroRound(UNet theta0, NoiseSchedule schedule, LlmContext ctx, Tensor realImages, AdversarySettings settings, int seed)
{
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
        var halfSeed = seed * 7919L + state.Round * 2L + (half == DroHalf.Decision ? 1 : 0);
        using var generator = new Generator((ulong)halfSeed);
        using var dropout = new Generator((ulong)halfSeed);   // initial weights (overwritten by the restore), then dropout masks
        using var theta = new UNet(theta0.Config, ctx.Device, dropout);
        ModuleState.Restore(theta, state.Tensors, "theta.");
        using var predictor = new LstmForecaster(ctx.Device, dropout);
        ModuleState.Restore(predictor, state.Tensors, "pred.");
        GeneratorDropout.Use(theta, dropout);
        GeneratorDropout.Use(predictor, dropout);
        var next = new DroState { Round = state.Round, Next = state.Next, Alpha = state.Alpha };
        foreach (var (k, v) in state.Tensors) next.Tensors[k] = v;
        if (half == DroHalf.Adversary) RunAdversary(theta, predictor, next, generator);
        else RunDecision(theta, predictor, next, generator);
        sink.Save(next.FinishedHalves, next.Serialize());
        return next;
    }

    private void RunAdversary(UNet theta, LstmForecaster predictor, DroState state, Generator generator)
    {
        using var adam = optim.Adam(theta.parameters(), settings.AdversaryLearningRate);
        AdamStateCodec.Read(adam, state.Tensors, "adam.");
        var states = SampleTrajectories(theta0, settings.ReferenceImages, generator);
        Tensor rowLoss;
        using (no_grad()) rowLoss = RowLoss(predictor, states[^1]);
        var adversary = new DiffusionAdversary(theta, theta0, schedule, settings);
        var alpha = state.Alpha;
        var n = settings.ReferenceImages;
        for (var epoch = 0; epoch < settings.InnerEpochs * settings.StepsPerInnerEpoch; epoch++)
        {
            using var scope = NewDisposeScope();
            var pick = randint(0, n, [Math.Min(settings.Batch, n)], generator: generator).to(ctx.Device);
            var real = realImages.index_select(0, randint(0, realImages.shape[0], [Math.Min(settings.Batch, n)], generator: generator).to(ctx.Device));
            var (surrogate, j) = adversary.Step(states.Select(t => t.index_select(0, pick)).ToList(), rowLoss.index_select(0, pick), real, adam, ref alpha, generator);
            if (!double.IsFinite(surrogate) || !double.IsFinite(j))
                throw new CellFailedException($"3D-L round {state.Round}: adversary objective became {surrogate} (J = {j})");
        }
        state.Alpha = alpha;
        foreach (var (k, v) in ModuleState.Snapshot(theta, "theta.")) state.Tensors[k] = v;
        AdamStateCodec.Write(adam, state.Tensors, "adam.", copy: true);
        state.Next = DroHalf.Decision;
    }

    private void RunDecision(UNet theta, LstmForecaster predictor, DroState state, Generator generator)
    {
        theta.eval();
        var images = SampleAdversarial(theta, settings.AdversarialImages, generator);
        var sequences = SeriesImages.ToSequences(images).clamp(0, 1);   // the data domain of normalised 23V
        var (inputs, targets) = Windows.Of(sequences);
        using var optimizer = optim.Adam(predictor.parameters(), settings.PredictorLearningRate);
        var n = inputs.shape[0];
        for (var epoch = 0; epoch < settings.DecisionEpochs; epoch++)
        {
            predictor.train();
            using var order = randperm(n, generator: generator).to(ctx.Device);
            for (long start = 0; start < n; start += RegretMetric.CodeBatch)
            {
                using var scope = NewDisposeScope();
                var idx = order.narrow(0, start, Math.Min(RegretMetric.CodeBatch, n - start));
                optimizer.zero_grad();
                var loss = ctx.DecisionLoss(predictor.call(inputs.index_select(0, idx)), targets.index_select(0, idx)).mean();
                loss.backward();
                optimizer.step();
            }
        }
        predictor.eval();
        foreach (var (k, v) in ModuleState.Snapshot(predictor, "pred.")) state.Tensors[k] = v;
        state.Round++;
        state.Next = DroHalf.Adversary;
    }

    /// <summary>Per-sequence decision loss f (mean over the 21 predicted slots of each image row), B × 28.</summary>
    public Tensor RowLoss(LstmForecaster predictor, Tensor images)
    {
        predictor.eval();
        var sequences = SeriesImages.ToSequences(images).clamp(0, 1);
        var (inputs, targets) = Windows.Of(sequences);
        var loss = ctx.DecisionLoss(predictor.call(inputs), targets).reshape(-1, SequenceSet.Predictions).mean([1L]);
        return loss.reshape(images.shape[0], SeriesImages.Size);
    }

    /// <summary>θ0 trajectories: X[T] → X[T′] (θ0), then the last T′ steps (θ0) with states X[T′], …, X[0] kept.</summary>
    private List<Tensor> SampleTrajectories(UNet network, int count, Generator generator)
    {
        var prefix = Prefix(count, generator);
        var states = new List<Tensor>();
        AncestralSampler.Run(schedule, _ => (x, t) => network.call(x, t), prefix, settings.TPrime, 0, generator, states);
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
