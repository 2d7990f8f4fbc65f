using Df2.Robust.Nets;
using Df2.Kernels.IO;
using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Robust.Baselines;
using Df2.Robust.Diffusion;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Running;

/// <summary>
/// Runs one llm-provisioning cell (same contract as learning's CellRunner). CellMetrics.Regret = the paper's
/// normalised regret averaged over the 5 public full test sets; Extra holds regret_{set} and regret_bw_{set}
/// (the code's batch-wise variant) for all 7 sets, their averages and maximum, and the seconds per phase.
/// DRO baselines, dfl and 3D-L start from the trained DFL predictor; 3D-L and `ddpm` use the pre-trained DDPM. Both are
/// cells of their own (<see cref="RobustSettings.DependencyMethods"/>, named by <see cref="Dependencies"/>): the sweep
/// runs each once, before the cells that need it, and passes its artifact in (<see cref="CellRequest.Inputs"/>). A 3D-L
/// cell runs as units of work (<see cref="ThreeDLearningSteps"/>): here all in this process, on a cluster one at a time
/// by its DroGrain.
/// </summary>
public static class RobustCellRunner
{
    public const string Task = "llm-provisioning";

    public static bool Handles(string task) => task == Task;

    public static void Validate(CellRequest request)
    {
        if (!Handles(request.Task)) throw new ArgumentException($"task '{request.Task}' is not {Task}");
        RobustSettings.Parse(request.Method, request.Parameters);
        _ = new Device(request.Device);
    }

    /// <summary>The dependency cells <paramref name="request"/> needs, with exactly the parameters that determine them.</summary>
    public static IReadOnlyList<CellDependency> Dependencies(CellRequest request)
    {
        var s = RobustSettings.Parse(request.Method, request.Parameters);
        var needs = new List<CellDependency>();
        if (s.StartsFromDflPredictor) needs.Add(new CellDependency(RobustSettings.DflPredictor, s.DflPredictorParameters()));
        if (s.UsesPretrainedDdpm) needs.Add(new CellDependency(RobustSettings.DdpmPretrain, s.DdpmParameters()));
        return needs;
    }

    public static CellMetrics Run(CellRequest request, ICheckpointSink sink, Action<EpochReport> report, CancellationToken ct)
    {
        Validate(request);
        if (ThreeDLearningSteps.IsRoundBased(request.Task, request.Method)) return ThreeDLearningSteps.RunAll(request, sink, report, ct);
        var s = RobustSettings.Parse(request.Method, request.Parameters);
        if (s.Method == RobustSettings.DflPredictor) return TrainDfl(s, request, sink, report, ct);
        if (s.Method == RobustSettings.DdpmPretrain) return PretrainDdpm(s, request, sink, report, ct);
        var clock = Stopwatch.StartNew();
        var device = new Device(request.Device);
        var ctx = Context(s, request.Device);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        var epochs = 0;
        Func<Tensor, Tensor> forecast;
        LstmForecaster? model = null;
        if (s.Method == "persistence") forecast = TestSetEvaluator.Persistence;
        else if (s.Method == "ddpm")
        {
            var artifact = Input(request, RobustSettings.DdpmPretrain);
            using var network = DdpmPretrainer.Load(s.Ddpm, artifact, device);
            DdpmCheck(network, artifact, s, ctx, request.Seed, extra);
            forecast = TestSetEvaluator.Persistence;
            epochs = s.Ddpm.Iterations;
        }
        else
        {
            using var unused = new Generator(0);                                // initial weights, overwritten below
            model = new LstmForecaster(device, unused);
            ModuleState.Restore(model, Safetensors.Load(Input(request, RobustSettings.DflPredictor)));
            epochs = s.Dfl.Epochs;
            if (s.Method != "dfl")
            {
                var phase = Stopwatch.StartNew();
                const long stage = 1;   // the baseline's streams, distinct from the DFL predictor's (stage 0)
                using var order = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Batches, stage));
                using var dropout = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Dropout, stage));
                using var augment = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Noise, stage));
                GeneratorDropout.Use(model, dropout);
                var (inputs, targets) = Windows.Of(ctx.Data.Train.ToTensor(device));
                var trained = PredictorTrainer.Train(model, inputs, targets, ctx, BatchLoss(s, augment), s.Baseline, order, dropout, augment, sink, report, ct);
                extra["resumed_from_epoch"] = trained.ResumedFromEpoch;
                extra["seconds_" + s.Method] = phase.Elapsed.TotalSeconds;
                epochs = s.Baseline.Epochs;
            }
            model.eval();
            forecast = x => model.call(x);
        }
        var metrics = Evaluate(forecast, ctx, s.Corruptions, extra);
        model?.Dispose();
        return new CellMetrics(metrics, null, null, epochs, clock.Elapsed.TotalSeconds, extra);
    }

    private static IBatchLoss BatchLoss(RobustSettings s, Generator augment) => s.Method switch
    {
        "kl-dro" => WorstCaseLoss.Kl(s.Rho),
        "chi2-dro" => WorstCaseLoss.ChiSquare(s.ChiSquareRho),
        "cvar" => new CvarLoss(s.CvarBeta),
        "w-dro" => new WDroLoss(s.WassersteinEpsilon, s.FrankWolfeSteps),
        "gaussian" => new AugmentationLoss("gaussian", s.GaussianSigma, augment),
        "cutout" => new AugmentationLoss("cutout", s.CutoutProbability, augment),
        _ => throw new ArgumentException($"method '{s.Method}' has no batch loss"),
    };

    /// <summary>The artifact of the <paramref name="method"/> dependency that the sweep passed in.</summary>
    internal static byte[] Input(CellRequest request, string method) =>
        request.Inputs.TryGetValue(method, out var bytes) ? bytes
        : throw new CellFailedException($"{request.Task}/{request.Method} needs the artifact of its {method} dependency, and none was passed in " +
                                        "(a sweep runs the dependency first; a direct caller passes CellRequest.Inputs)");

    /// <summary>The data, objective and device of a cell.</summary>
    internal static LlmContext Context(RobustSettings s, string device) =>
        new(LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(s.DataDir), s.TestRows), ProvisioningObjective.Parse(s.Objective), new Device(device));

    /// <summary>The dependency cell dfl-predictor: trains the DFL predictor; its artifact is the LSTM's weights (no regret: not a method).</summary>
    private static CellMetrics TrainDfl(RobustSettings s, CellRequest request, ICheckpointSink sink, Action<EpochReport> report, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var ctx = Context(s with { TestRows = SequenceSet.Length }, request.Device);   // trains and validates on 23V only
        using var order = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Batches));
        using var dropout = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Dropout));
        using var augment = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Noise));   // unused by the DFL loss, kept for the checkpoint's shape
        using var model = SeededForecaster(ctx.Device, request.Seed);
        GeneratorDropout.Use(model, dropout);
        var (inputs, targets) = Windows.Of(ctx.Data.Train.ToTensor(ctx.Device));
        var outcome = PredictorTrainer.Train(model, inputs, targets, ctx, new DecisionFocusedLoss(), s.Dfl, order, dropout, augment, sink, report, ct);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["seconds_dfl"] = clock.Elapsed.TotalSeconds, ["regret_val"] = outcome.BestValidationRegret, ["best_epoch"] = outcome.BestEpoch,
            ["resumed_from_epoch"] = outcome.ResumedFromEpoch,
        };
        return new CellMetrics(double.NaN, null, null, s.Dfl.Epochs, clock.Elapsed.TotalSeconds, extra)
        {
            Artifact = Safetensors.ToBytes(ModuleState.Snapshot(model)),
        };
    }

    private static LstmForecaster SeededForecaster(Device device, int seed)
    {
        using var init = new Generator(StreamSeeds.For(seed, StreamPurpose.Weights));   // initial weights only
        return new LstmForecaster(device, init);
    }

    /// <summary>
    /// The dependency cell ddpm-pretrain: pre-trains θ0, resumable from <paramref name="sink"/>, then applies the quality
    /// gate (<see cref="DdpmGate"/>) against the held-back 23V-val sequences. Its figures are the cell's metrics and travel
    /// in the artifact's metadata to every cell that uses θ0; a DDPM that misses a threshold fails the cell (permanently).
    /// </summary>
    private static CellMetrics PretrainDdpm(RobustSettings s, CellRequest request, ICheckpointSink sink, Action<EpochReport> report, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var ctx = Context(s with { TestRows = SequenceSet.Length }, request.Device);   // trains on 23V's training split only
        using var images = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
        var outcome = DdpmPretrainer.Train(s.Ddpm, images, ctx.Device, request.Seed, sink, report, ct);
        using var network = outcome.Network;
        var trainSeconds = clock.Elapsed.TotalSeconds;
        using var heldBack = ctx.Data.Validation.ToTensor(ctx.Device);
        var quality = s.Gate.Measure(network, s.Ddpm.Schedule(), heldBack, request.Seed);
        s.Gate.Check(quality);
        var extra = new Dictionary<string, double>(quality.Metrics(), StringComparer.Ordinal)
        {
            ["seconds_ddpm"] = trainSeconds, ["seconds_gate"] = clock.Elapsed.TotalSeconds - trainSeconds, ["ddpm_final_loss"] = outcome.FinalLoss,
        };
        return new CellMetrics(double.NaN, null, null, s.Ddpm.Iterations, clock.Elapsed.TotalSeconds, extra)
        {
            Artifact = Safetensors.ToBytes(ModuleState.Snapshot(network, "net."), quality.ToMetadata()),
        };
    }

    /// <summary>The DDPM check (method ddpm): the gate's figures of θ0, its denoising loss on the training images, its size.</summary>
    private static void DdpmCheck(UNet network, byte[] artifact, RobustSettings s, LlmContext ctx, int seed, Dictionary<string, double> extra)
    {
        using var scope = NewDisposeScope();
        foreach (var (k, v) in DdpmPretrainer.Quality(artifact).Metrics()) extra[k] = v;
        using var generator = new Generator(StreamSeeds.For(seed, StreamPurpose.Noise));
        var real = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
        using (no_grad()) extra["ddpm_loss"] = s.Ddpm.Schedule().DenoisingLoss((x, t) => network.call(x, t), real, generator).item<float>();
        extra["ddpm_params"] = network.ParameterCount();
    }

    /// <summary>
    /// Regret of <paramref name="forecast"/> on the validation and every test set, and on the Fig. 2 set under each
    /// of <paramref name="corruptions"/> (regret_23D24D_{kind}), into <paramref name="extra"/>; returns regret_avg5.
    /// </summary>
    internal static double Evaluate(Func<Tensor, Tensor> forecast, LlmContext ctx, IReadOnlyList<TestCorruption> corruptions,
        Dictionary<string, double> extra)
    {
        extra["regret_val"] = ctx.Evaluate(forecast, ctx.Data.Validation).Normalised;
        foreach (var set in ctx.Data.Tests)
        {
            var r = ctx.Evaluate(forecast, set);
            extra[$"regret_{set.Name}"] = r.Normalised;
            extra[$"regret_bw_{set.Name}"] = r.BatchWise;
        }
        var corrupted = ctx.Data.Tests.Single(t => t.Name == LlmProvisioningData.CorruptionTestSet);
        for (var i = 0; i < corruptions.Count; i++)
        {
            using var generator = new Generator(9001 + (ulong)i);   // the same corrupted data for every method and seed
            var c = corruptions[i];
            extra[$"regret_{corrupted.Name}_{c.Kind}"] = ctx.Evaluate(forecast, corrupted, x => c.Apply(x, generator)).Normalised;
        }
        double Mean(IEnumerable<string> names, string prefix) => names.Average(n => extra[prefix + n]);
        var all = LlmProvisioningData.FullTestSets.Concat(LlmProvisioningData.HalfTestSets).ToArray();
        extra["regret_avg5"] = Mean(LlmProvisioningData.FullTestSets, "regret_");
        extra["regret_max5"] = LlmProvisioningData.FullTestSets.Max(n => extra["regret_" + n]);
        extra["regret_avg7"] = Mean(all, "regret_");
        extra["regret_bw_avg5"] = Mean(LlmProvisioningData.FullTestSets, "regret_bw_");
        extra["regret_bw_avg7"] = Mean(all, "regret_bw_");
        return extra["regret_avg5"];
    }
}
