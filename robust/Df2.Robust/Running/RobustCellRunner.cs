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
/// DRO baselines and 3D-L start from the trained DFL predictor; 3D-L and `ddpm` use the pre-trained DDPM; both
/// are shared dependencies (<see cref="SharedDependencies"/>). A 3D-L cell runs as units of work
/// (<see cref="ThreeDLearningSteps"/>): here all in this process, on a cluster one at a time by its DroGrain.
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

    public static CellMetrics Run(CellRequest request, ICheckpointSink sink, Action<EpochReport> report, CancellationToken ct)
    {
        Validate(request);
        if (ThreeDLearningSteps.IsRoundBased(request.Task, request.Method)) return ThreeDLearningSteps.RunAll(request, sink, report, ct);
        var s = RobustSettings.Parse(request.Method, request.Parameters);
        var clock = Stopwatch.StartNew();
        var device = new Device(request.Device);
        var folder = LlmProvisioningData.ResolveFolder(s.DataDir);
        var ctx = new LlmContext(LlmProvisioningData.Load(folder, s.TestRows), ProvisioningObjective.Parse(s.Objective), device);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        var epochs = 0;
        Func<Tensor, Tensor> forecast;
        LstmForecaster? model = null;
        if (s.Method == "persistence") forecast = TestSetEvaluator.Persistence;
        else if (s.Method == "ddpm")
        {
            var phase = Stopwatch.StartNew();
            using var network = DdpmPretrainer.Load(s.Ddpm, Ddpm(s, ctx, request.Seed, report, ct), device);
            extra["seconds_ddpm"] = phase.Elapsed.TotalSeconds;
            DdpmQuality(network, s, ctx, request.Seed, extra);
            forecast = TestSetEvaluator.Persistence;
            epochs = s.Ddpm.Iterations;
        }
        else
        {
            var phase = Stopwatch.StartNew();
            using var unused = new Generator(0);                                // initial weights, overwritten below
            model = new LstmForecaster(device, unused);
            var dflBytes = Dfl(s, ctx, request.Seed, s.Method == "dfl" ? report : null, ct);
            ModuleState.Restore(model, Safetensors.Load(dflBytes));
            extra["seconds_dfl"] = phase.Elapsed.TotalSeconds;
            epochs = s.Dfl.Epochs;
            if (s.Method != "dfl")
            {
                phase.Restart();
                using var generator = new Generator((ulong)request.Seed + 101);   // mini-batch order
                using var noise = new Generator((ulong)request.Seed + 101);       // dropout masks and augmentation draws
                GeneratorDropout.Use(model, noise);
                var (inputs, targets) = Windows.Of(ctx.Data.Train.ToTensor(device));
                PredictorTrainer.Train(model, inputs, targets, ctx, BatchLoss(s, noise), s.Baseline, generator, report, ct);
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

    private static IBatchLoss BatchLoss(RobustSettings s, Generator noise) => s.Method switch
    {
        "kl-dro" => new KlDroLoss(s.Rho),
        "chi2-dro" => new ChiSquareDroLoss(s.ChiSquareRho),
        "cvar" => new CvarLoss(s.CvarBeta),
        "w-dro" => new WDroLoss(s.WassersteinEpsilon, s.FrankWolfeSteps),
        "gaussian" => new AugmentationLoss("gaussian", s.GaussianSigma, noise),
        "cutout" => new AugmentationLoss("cutout", s.CutoutProbability, noise),
        _ => throw new ArgumentException($"method '{s.Method}' has no batch loss"),
    };

    /// <summary>The trained DFL predictor's weights (a shared dependency).</summary>
    internal static byte[] Dfl(RobustSettings s, LlmContext ctx, int seed, Action<EpochReport>? report, CancellationToken ct) =>
        SharedDependencies.GetOrCompute(s.SharedDir, "dfl", $"dfl;{s.Objective};{s.Dfl};seed={seed};data={Path.GetFullPath(LlmProvisioningData.ResolveFolder(s.DataDir))};dev={ctx.Device.type}", _ =>
        {
            using var generator = new Generator((ulong)seed);   // mini-batch order
            using var random = new Generator((ulong)seed);      // initial weights, then dropout masks
            using var model = new LstmForecaster(ctx.Device, random);
            GeneratorDropout.Use(model, random);
            var (inputs, targets) = Windows.Of(ctx.Data.Train.ToTensor(ctx.Device));
            PredictorTrainer.Train(model, inputs, targets, ctx, new DecisionFocusedLoss(), s.Dfl, generator, report, ct);
            return Safetensors.ToBytes(ModuleState.Snapshot(model));
        });

    /// <summary>The pre-trained DDPM θ0's weights (a shared dependency).</summary>
    internal static byte[] Ddpm(RobustSettings s, LlmContext ctx, int seed, Action<EpochReport>? report, CancellationToken ct) =>
        SharedDependencies.GetOrCompute(s.SharedDir, "ddpm", $"ddpm;{s.Ddpm.Key};seed={seed};dev={ctx.Device.type}", sink =>
        {
            using var images = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
            using var network = DdpmPretrainer.Train(s.Ddpm, images, ctx.Device, seed, sink, report, ct).Network;
            return Safetensors.ToBytes(ModuleState.Snapshot(network, "net."));
        });

    private static void DdpmQuality(UNet network, RobustSettings s, LlmContext ctx, int seed, Dictionary<string, double> extra)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed + 202);
        var real = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
        var sample = AncestralSampler.Sample(s.Ddpm.Schedule(), (x, t) => network.call(x, t), real.shape[0], ctx.Device, generator);
        extra["ddpm_w1"] = MarginalDistance.W1(sample, real);
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
            extra[$"regret_{corrupted.Name}_{c.Name}"] = ctx.Evaluate(forecast, corrupted, x => c.Apply(x, generator)).Normalised;
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
