using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Robust.Baselines;
using Df2.Robust.Nets;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Methods;

/// <summary>
/// A learner that starts from the trained DFL predictor: dfl evaluates it as it is; the DRO baselines and the
/// augmentations fine-tune it with their batch loss (<see cref="IBatchLoss"/>) for <c>epochs</c> at <c>lr</c>, the epoch
/// with the lowest validation regret kept (<see cref="PredictorTrainer"/>), on streams of their own (stage 1; the
/// predictor's are stage 0).
/// </summary>
public sealed class FineTunedMethod(string name, string description, Func<RobustSettings, Generator, IBatchLoss>? loss) : LlmMethod(name, description)
{
    /// <summary>dfl, the DRO baselines (KL, χ², CVaR, W) and the augmentations (Gaussian, Cutout), in table order.</summary>
    public static IReadOnlyList<FineTunedMethod> All { get; } =
    [
        new("dfl", "the DFL predictor as trained (decision-focused, validation-selected)", null),
        new("kl-dro", "KL-DRO: worst-case softmax weights of the per-sample decision losses (radius rho)", (s, _) => WorstCaseLoss.Kl(s.Rho)),
        new("chi2-dro", "χ²-DRO: worst-case weights ∝ (ℓ − η)₊ (radius chi2_rho)", (s, _) => WorstCaseLoss.ChiSquare(s.ChiSquareRho)),
        new("cvar", "CVaR: the mean of the worst cvar_beta share of the batch", (s, _) => new CvarLoss(s.CvarBeta)),
        new("w-dro", "W-DRO: the decision loss on a Frank–Wolfe Wasserstein attack (budget w_eps)", (s, _) => new WDroLoss(s.WassersteinEpsilon, s.FrankWolfeSteps)),
        new("gaussian", "augmentation: one Gaussian-noised copy of every sample (aug_sigma)", (s, g) => new AugmentationLoss("gaussian", s.GaussianSigma, g)),
        new("cutout", "augmentation: one copy with slots zeroed at rate cutout_p", (s, g) => new AugmentationLoss("cutout", s.CutoutProbability, g)),
    ];

    protected override bool StartsFromDflPredictor => true;

    public override CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var s = LlmCell.Settings(request);
        var ctx = LlmCell.Context(s, request.Device);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        using var model = DflPredictorMethod.Load(request, ctx.Device);
        var epochs = s.Dfl.Epochs;
        if (loss is not null)
        {
            var phase = Stopwatch.StartNew();
            const long stage = 1;   // the baseline's streams, distinct from the DFL predictor's (stage 0)
            using var order = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Batches, stage));
            using var dropout = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Dropout, stage));
            using var augment = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Noise, stage));
            GeneratorDropout.Use(model, dropout);
            var (inputs, targets) = ForecastWindows.Of(ctx.Data.Train.ToTensor(ctx.Device));
            var trained = PredictorTrainer.Train(model, inputs, targets, ctx, loss(s, augment), s.Baseline, order, dropout, augment, checkpoints, progress, cancel);
            extra["resumed_from_epoch"] = trained.ResumedFromEpoch;
            extra["seconds_" + Name] = phase.Elapsed.TotalSeconds;
            epochs = s.Baseline.Epochs;
        }
        model.eval();
        var regret = LlmCell.Evaluate(x => model.call(x), ctx, s.Corruptions, extra);
        return new CellMetrics(regret, null, null, epochs, clock.Elapsed.TotalSeconds, extra);
    }
}
