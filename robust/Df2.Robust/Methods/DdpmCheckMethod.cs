using System.Diagnostics;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Diffusion;
using Df2.Robust.Nets;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Methods;

/// <summary>
/// The DDPM check (method ddpm): the quality-gate figures of the pre-trained θ0, its denoising loss on the training images
/// and its size, beside the persistence forecast's regrets (so a table row exists for it).
/// </summary>
public sealed class DdpmCheckMethod() : LlmMethod("ddpm", "the pre-trained DDPM's gate figures, denoising loss and size (persistence regrets)")
{
    public override IReadOnlyList<TaskOffer> Needs { get; } = [TaskOffer.Windows | TaskOffer.ClosedFormDecision | TaskOffer.SequenceImages];

    public override IReadOnlyList<SettingsGroup> Settings { get; } = [DdpmSettings.Group, DdpmGate.Group];

    protected override bool UsesPretrainedDdpm => true;

    public override CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var s = Read(request);
        var ddpm = s.Get<DdpmSettings>();
        var ctx = LlmCell.Context(s.Get<ProvisioningSettings>(), request.Device);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        var artifact = LlmCell.Input(request, DdpmPretrainMethod.Key);
        using var network = DdpmPretrainer.Load(ddpm, artifact, ctx.Device);
        using (NewDisposeScope())
        {
            foreach (var (k, v) in DdpmPretrainer.Quality(artifact).Metrics()) extra[k] = v;
            using var generator = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Noise));
            var real = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
            using (no_grad()) extra["ddpm_loss"] = ddpm.Schedule().DenoisingLoss((x, t) => network.call(x, t), real, generator).item<float>();
            extra["ddpm_params"] = network.ParameterCount();
        }
        var regret = LlmCell.Evaluate(TestSetEvaluator.Persistence, ctx, s.Get<ProvisioningSettings>().Corruptions, extra);
        return new CellMetrics(regret, null, null, ddpm.Iterations, clock.Elapsed.TotalSeconds, extra);
    }
}
