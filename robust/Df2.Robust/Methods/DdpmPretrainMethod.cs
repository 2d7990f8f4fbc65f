using System.Diagnostics;
using Df2.Kernels.IO;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Robust.Diffusion;
using Df2.Robust.Running;
using Df2.Robust.Tasks.LlmProvisioning;

namespace Df2.Robust.Methods;

/// <summary>
/// The dependency cell ddpm-pretrain: pre-trains θ0 on 23V's training images, resumable from the sink, then applies the
/// quality gate (<see cref="DdpmGate"/>) against the held-back 23V-val sequences. Its figures are the cell's metrics and
/// travel in the artifact's metadata to every cell that uses θ0; a DDPM that misses a threshold fails the cell (permanently).
/// </summary>
public sealed class DdpmPretrainMethod() : LlmMethod(Key, "the pre-trained DDPM θ0 behind its quality gate (dependency cell: artifact = UNet weights)")
{
    public const string Key = "ddpm-pretrain";

    public override IReadOnlyList<TaskOffer> Needs { get; } = [TaskOffer.Windows | TaskOffer.ClosedFormDecision | TaskOffer.SequenceImages];

    public override bool ProducesArtifact => true;

    public override CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var s = LlmCell.Settings(request);
        var ctx = LlmCell.Context(s with { TestRows = SequenceSet.Length }, request.Device);   // trains on 23V's training split only
        using var images = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
        var outcome = DdpmPretrainer.Train(s.Ddpm, images, ctx.Device, request.Seed, checkpoints, progress, cancel);
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
}
