using System.Diagnostics;
using Df2.Learning.Methods.Robust;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Baselines;
using Df2.Robust.Nets;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Methods;

/// <summary>
/// A learner that starts from the trained DFL predictor: dfl evaluates it as it is; the DRO baselines and the
/// augmentations fine-tune it with their batch loss (<see cref="IBatchLoss"/>) for <c>epochs</c> at <c>lr</c>, the epoch
/// with the lowest validation regret kept (<see cref="ForecasterTraining"/>, run by the one <see cref="EpochLoop"/>), on streams of their own (stage 1; the
/// predictor's are stage 0).
/// </summary>
public sealed class FineTunedMethod(string name, string description, Func<RobustObjectiveSettings, Generator, IBatchLoss>? loss) : LlmMethod(name, description)
{
    /// <summary>dfl, the DRO baselines (KL, χ², CVaR, W) and the augmentations (Gaussian, Cutout), in table order.</summary>
    public static IReadOnlyList<FineTunedMethod> All { get; } =
    [
        new("dfl", "the DFL predictor as trained (decision-focused, validation-selected)", null),
        new("kl-dro", "KL-DRO: worst-case softmax weights of the per-sample decision losses (radius rho)", (s, _) => WorstCaseLoss.Kl(s.KlRadius)),
        new("chi2-dro", "χ²-DRO: worst-case weights ∝ (ℓ − η)₊ (radius chi2_rho)", (s, _) => WorstCaseLoss.ChiSquare(s.ChiSquareRadius)),
        new("cvar", "CVaR: the mean of the worst cvar_beta share of the batch", (s, _) => new CvarLoss(s.CvarBeta)),
        new("w-dro", "W-DRO: the decision loss on a Frank–Wolfe Wasserstein attack (budget w_eps)", (s, _) => new WDroLoss(s.WassersteinBudget, s.FrankWolfeSteps)),
        new("gaussian", "augmentation: one Gaussian-noised copy of every sample (aug_sigma)", (s, g) => new AugmentationLoss("gaussian", s.GaussianSigma, g)),
        new("cutout", "augmentation: one copy with slots zeroed at rate cutout_p", (s, g) => new AugmentationLoss("cutout", s.CutoutProbability, g)),
    ];

    /// <summary>dfl reads the predictor's record; a baseline also its fine-tuning and its objective's.</summary>
    public override IReadOnlyList<SettingsGroup> Settings { get; } = loss is null
        ? [DflPredictorSettings.Group]
        : [DflPredictorSettings.Group, BaselineSettings.Group, RobustObjectiveSettings.Group];

    protected override bool StartsFromDflPredictor => true;

    public override CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var s = Read(request);
        var ctx = LlmCell.Context(s.Get<ProvisioningSettings>(), request.Device);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        using var model = DflPredictorMethod.Load(request, ctx.Device);
        var epochs = s.Get<DflPredictorSettings>().Training.Epochs;
        if (loss is not null)
        {
            var phase = Stopwatch.StartNew();
            const long stage = 1;   // the baseline's streams, distinct from the DFL predictor's (stage 0)
            using var order = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Batches, stage));
            using var dropout = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Dropout, stage));
            using var augment = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Noise, stage));
            GeneratorDropout.Use(model, dropout);
            var (inputs, targets) = ForecastWindows.Of(ctx.Data.Train.ToTensor(ctx.Device));
            var trained = ForecasterTraining.Train(model, inputs, targets, ctx, loss(s.Get<RobustObjectiveSettings>(), augment), s.Get<BaselineSettings>().Training,
                order, dropout, augment, checkpoints, progress, $"{request.Task}/{Name}", cancel);
            extra["resumed_from_epoch"] = trained.ResumedFromEpoch;
            extra["seconds_" + Name] = phase.Elapsed.TotalSeconds;
            epochs = s.Get<BaselineSettings>().Training.Epochs;
        }
        model.eval();
        var regret = LlmCell.Evaluate(x => model.call(x), ctx, s.Get<ProvisioningSettings>().Corruptions, extra);
        return new CellMetrics(regret, null, null, epochs, clock.Elapsed.TotalSeconds, extra);
    }
}
