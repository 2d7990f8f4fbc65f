using System.Diagnostics;
using Df2.Kernels.IO;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Diffusion;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;

namespace Df2.Robust.Methods;

/// <summary>
/// The dependency cell ddpm-pretrain: pre-trains θ0 on 23V's training images, resumable from the sink, then applies the
/// quality gate (<see cref="DdpmGate"/>) against the held-back 23V-val sequences. Its figures are the cell's metrics and
/// travel in the artifact's metadata to every cell that uses θ0; a DDPM that misses a threshold fails the cell (permanently),
/// unless the gate's extension rule (<see cref="DdpmGate.Checks"/>: <c>ddpm_extend</c>, <c>ddpm_max_iters</c>) trains it further
/// first. Extra metrics: the gate's figures, the W1 of every check (ddpm_gate_w1_at_N), the iterations of the DDPM returned.
/// </summary>
public sealed class DdpmPretrainMethod() : LlmMethod(Key, "the pre-trained DDPM θ0 behind its quality gate (dependency cell: artifact = UNet weights)")
{
    public const string Key = "ddpm-pretrain";

    public override IReadOnlyList<TaskOffer> Needs { get; } = [TaskOffer.Windows | TaskOffer.ClosedFormDecision | TaskOffer.SequenceImages];

    public override IReadOnlyList<SettingsGroup> Settings { get; } = [DdpmSettings.Group, DdpmGate.Group];

    public override bool ProducesArtifact => true;

    /// <summary>
    /// What determines the pre-trained DDPM: network, iterations, batch, rate, checkpoint period, schedule, quality gate (the
    /// extension rule's keys only when it is on, so a DDPM without them keeps its cell key), the data folder (when given).
    /// </summary>
    public static Dictionary<string, string> DependencyParameters(CellSettings s)
    {
        var (ddpm, gate, data) = (s.Get<DdpmSettings>(), s.Get<DdpmGate>(), s.Get<ProvisioningSettings>());
        static string I(int v) => CellDependency.Text(v);
        static string R(double v) => CellDependency.Text(v);
        var values = new Dictionary<string, string>
        {
            ["unet"] = ddpm.Net.ToString(), ["ddpm_iters"] = I(ddpm.Iterations), ["ddpm_batch"] = I(ddpm.Batch), ["ddpm_lr"] = R(ddpm.LearningRate),
            ["ddpm_ckpt_every"] = I(ddpm.CheckpointEvery), ["diffusion_steps"] = I(ddpm.Steps), ["beta_first"] = R(ddpm.BetaFirst), ["beta_last"] = R(ddpm.BetaLast),
            ["gate_w1"] = R(gate.MaxW1), ["gate_outside"] = R(gate.MaxOutside), ["gate_lag1"] = R(gate.MaxLag1Gap), ["gate_images"] = I(gate.Images),
        };
        if (gate.Extend > 0) { values["ddpm_extend"] = I(gate.Extend); values["ddpm_max_iters"] = I(gate.MaxIterations); }
        if (data.DataDir is { } dir) values["data_dir"] = dir;
        return values;
    }

    public override CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var s = Read(request);
        var (settings, gate) = (s.Get<DdpmSettings>(), s.Get<DdpmGate>());
        var ctx = LlmCell.Context(s.Get<ProvisioningSettings>() with { TestRows = SequenceSet.Length }, request.Device);   // trains on 23V's training split only
        using var images = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
        using var heldBack = ctx.Data.Validation.ToTensor(ctx.Device);
        var checks = gate.Checks(settings.Iterations);
        // a resumed cell starts at the first check at or after its checkpoint: every earlier check failed, or it had stopped
        var next = checkpoints.Load() is { } saved ? Math.Max(0, checks.ToList().FindIndex(c => c >= saved.Epoch)) : 0;
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        DdpmPretrainer.Outcome outcome;
        DdpmQuality quality;
        double trainSeconds = 0, gateSeconds = 0;
        while (true)
        {
            var ddpm = settings with { Iterations = checks[next] };
            var trainClock = Stopwatch.StartNew();
            outcome = DdpmPretrainer.Train(ddpm, images, ctx.Device, request.Seed, checkpoints, progress, cancel);   // resumes from the sink
            trainSeconds += trainClock.Elapsed.TotalSeconds;
            var gateClock = Stopwatch.StartNew();
            quality = gate.Measure(outcome.Network, ddpm.Schedule(), heldBack, request.Seed);
            gateSeconds += gateClock.Elapsed.TotalSeconds;
            extra[$"ddpm_gate_w1_at_{checks[next]}"] = quality.W1;
            if (gate.Passes(quality) || next == checks.Count - 1) break;
            outcome.Network.Dispose();
            next++;
        }
        using var network = outcome.Network;
        gate.Check(quality);
        foreach (var (k, v) in quality.Metrics()) extra[k] = v;
        extra["seconds_ddpm"] = trainSeconds;
        extra["seconds_gate"] = gateSeconds;
        extra["ddpm_final_loss"] = outcome.FinalLoss;
        extra["ddpm_iterations"] = checks[next];
        var metadata = quality.ToMetadata();
        metadata["ddpm_iterations"] = checks[next].ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new CellMetrics(double.NaN, null, null, checks[next], clock.Elapsed.TotalSeconds, extra)
        {
            Artifact = Safetensors.ToBytes(ModuleState.Snapshot(network, "net."), metadata),
        };
    }
}
