using System.Diagnostics;
using Df2.Kernels.IO;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Baselines;
using Df2.Robust.Adversary;
using Df2.Robust.Diffusion;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Methods;

/// <summary>
/// A 3D-Learning cell as separate units of work, so that a scheduler (the DroGrain) can run each on any worker:
/// half h (0-based; round h / 2, adversary when h is even, decision when odd) turns the state after h halves into
/// the state after h + 1 (<see cref="RunHalf"/>), and <see cref="Evaluate"/> turns the state after the last half
/// into the cell's metrics. Every unit rebuilds what it needs from the request (data, θ0 from the ddpm-pretrain
/// dependency's artifact, the dfl-predictor's for the initial state, both in <see cref="CellRequest.Inputs"/>) and seeds its randomness from (seed, round, half)
/// (<see cref="DroRound"/>), so a unit run again after a lost worker gives the same bytes, and a run split over
/// workers ends with the same numbers as one uninterrupted run in one process (<see cref="Run"/>).
/// </summary>
public sealed class ThreeDLearningMethod() : LlmMethod("3dl", "3D-Learning: DRO over a diffusion adversary's distributions, rounds of adversary and decision halves"),
    IRoundBasedMethod
{
    public override IReadOnlyList<TaskOffer> Needs { get; } = [TaskOffer.Windows | TaskOffer.ClosedFormDecision | TaskOffer.SequenceImages];

    public override IReadOnlyList<SettingsGroup> Settings { get; } =
        [DflPredictorSettings.Group, DdpmSettings.Group, DdpmGate.Group, AdversarySettings.Group];

    public override bool Proposed => true;

    protected override bool StartsFromDflPredictor => true;

    protected override bool UsesPretrainedDdpm => true;

    public override void Validate(CellRequest request) => _ = Checked(request);

    /// <summary>How many halves the cell runs: 2 × rounds.</summary>
    public int Halves(CellRequest request) => 2 * Checked(request).Adversary.Rounds;

    /// <summary>Half <paramref name="finishedHalves"/> + 1: from <paramref name="state"/> (null before the first half) to the next state.</summary>
    public DroHalfOutcome RunHalf(CellRequest request, int finishedHalves, byte[]? state, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var s = Checked(request);
        if (finishedHalves < 0 || finishedHalves >= 2 * s.Adversary.Rounds)
            throw new ArgumentException($"3D-L has halves 0..{2 * s.Adversary.Rounds - 1}, not {finishedHalves}");
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var ctx = LlmCell.Context(s.Data, request.Device);
        var ddpm = LlmCell.Input(request, DdpmPretrainMethod.Key);
        using var theta0 = DdpmPretrainer.Load(s.Ddpm, ddpm, ctx.Device);
        DroState current;
        if (state is null)
        {
            if (finishedHalves != 0) throw new InvalidDataException($"3D-L half {finishedHalves + 1} needs the state after half {finishedHalves}");
            using var predictor = DflPredictorMethod.Load(request, ctx.Device);
            current = DroRound.Initial(theta0, predictor, s.Adversary);
            foreach (var (k, v) in DdpmPretrainer.Quality(ddpm).Metrics()) current.Stats[k] = v;   // θ0's gate figures, reported by Evaluate
        }
        else current = DroState.Deserialize(state);
        if (current.FinishedHalves != finishedHalves)
            throw new InvalidDataException($"3D-L checkpoint holds {current.FinishedHalves} finished halves, expected {finishedHalves}");
        var clock = Stopwatch.StartNew();
        using var real = SeriesImages.ToImages(ctx.Data.Train.ToTensor(ctx.Device));
        var half = current.Next;
        var sink = new LastSave();
        var next = new DroRound(theta0, s.Ddpm.Schedule(), ctx, real, s.Adversary, request.Seed).RunHalf(current, half, sink);
        seconds[half == DroHalf.Adversary ? "seconds_adversary" : "seconds_decision"] = clock.Elapsed.TotalSeconds;
        return new DroHalfOutcome(sink.State!, next.FinishedHalves, next.Alpha, seconds);
    }

    /// <summary>
    /// The cell's metrics from the state after its last half: the predictor of the round with the best 23V-val regret
    /// on every test set, the per-round figures of the adversary and the decision half (round{k}_…), and the quality-gate
    /// figures of the DDPM θ0 it used (ddpm_gate_…, copied into the state by the first half: the evaluation step gets no
    /// dependency artifacts).
    /// </summary>
    public CellMetrics Evaluate(CellRequest request, byte[] state, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var s = Checked(request);
        var clock = Stopwatch.StartNew();
        var final = DroState.Deserialize(state);
        if (final.FinishedHalves != 2 * s.Adversary.Rounds)
            throw new InvalidDataException($"3D-L checkpoint holds {final.FinishedHalves} finished halves, not all {2 * s.Adversary.Rounds}");
        var ctx = LlmCell.Context(s.Data, request.Device);
        using var unused = new Generator(0);                                    // initial weights, overwritten below
        using var model = new LstmForecaster(ctx.Device, unused);
        ModuleState.Restore(model, final.Tensors, DroRound.BestPrefix);
        model.eval();
        var extra = new Dictionary<string, double>(final.Stats, StringComparer.Ordinal) { ["alpha_final"] = final.Alpha };
        var regret = LlmCell.Evaluate(x => model.call(x), ctx, s.Corruptions, extra);
        extra["seconds_evaluate"] = clock.Elapsed.TotalSeconds;
        return new CellMetrics(regret, null, null, s.Adversary.Rounds, clock.Elapsed.TotalSeconds, extra);
    }

    /// <summary>
    /// The whole cell in this process: the halves one after another (each state saved to <paramref name="sink"/>,
    /// resuming from its last save), then the evaluation. The same units as the DroGrain runs.
    /// </summary>
    public override CellMetrics Run(CellRequest request, ICheckpointSink sink, Action<EpochReport> report, CancellationToken ct)
    {
        var rounds = Checked(request).Adversary.Rounds;
        var (finished, state) = sink.Load() is { } saved ? (saved.Epoch, saved.State) : (0, (byte[]?)null);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (finished < 2 * rounds)
        {
            var half = RunHalf(request, finished, state, ct);
            (finished, state) = (half.FinishedHalves, half.State);
            foreach (var (k, v) in half.Seconds) seconds[k] = seconds.GetValueOrDefault(k) + v;
            // progress before the checkpoint, as in EpochLoop
            if (finished % 2 == 0)
                report(new EpochReport(finished / 2, rounds, half.Alpha, half.Seconds.GetValueOrDefault("seconds_decision")));
            sink.Save(finished, state);
        }
        var metrics = Evaluate(request, state!, ct);
        var extra = new Dictionary<string, double>(metrics.Extra, StringComparer.Ordinal);
        foreach (var (k, v) in seconds) extra[k] = v;
        return metrics with { TrainSeconds = clock.Elapsed.TotalSeconds, Extra = extra };
    }

    /// <summary>What a unit of a 3D-L cell reads from its validated settings.</summary>
    private sealed record Unit(ProvisioningSettings Data, DdpmSettings Ddpm, AdversarySettings Adversary, IReadOnlyList<TestCorruption> Corruptions);

    /// <summary>The validated settings; T′ must be below the diffusion steps T.</summary>
    private Unit Checked(CellRequest request)
    {
        var s = Read(request);
        var unit = new Unit(s.Get<ProvisioningSettings>(), s.Get<DdpmSettings>(), s.Get<AdversarySettings>(), s.Get<ProvisioningSettings>().Corruptions);
        if (unit.Adversary.TPrime >= unit.Ddpm.Steps)
            throw new ParameterException("t_prime", $"parameter 't_prime' = {unit.Adversary.TPrime} must be below diffusion_steps = {unit.Ddpm.Steps}");
        return unit;
    }

    /// <summary>Keeps the state a half saves (the caller stores it where it belongs).</summary>
    private sealed class LastSave : ICheckpointSink
    {
        public byte[]? State { get; private set; }

        public void Save(int epoch, byte[] state) => State = state;

        public (int Epoch, byte[] State)? Load() => State is null ? null : (0, State);
    }
}
