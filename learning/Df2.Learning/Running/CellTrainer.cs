using System.Diagnostics;
using Df2.Learning.Data;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Methods;
using Df2.Learning.Plugins;
using Df2.Learning.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.Running;

/// <summary>
/// The trainer of every (task, method) cell of a decision task (Algorithm 1's outer loop for DF2): build the task and
/// method, train with Adam for the method's epochs in its phases through the one <see cref="EpochLoop"/> (warm-started
/// methods: two-stage pre-training, then the decision-focused phase at <c>finetune_lr</c>, at most <c>df_max_batches</c> batches per epoch), then decide on the
/// test split and report the mean regret f(y, â(x)) − f(y, a*(y)) with the per-sample oracle a*(y) (<see cref="Evaluation.MeanRegret"/>); a task that knows
/// its true conditional (<see cref="ILowerBoundTask"/>) adds the exact lower bound and the gap.
/// <para>
/// Each epoch shuffles the training windows with its own stream (<see cref="EpochStream"/>, the same for every task; it also
/// draws the epoch's actions), runs one Adam step per mini-batch inside its
/// own dispose scope, the gradient's global norm clipped at <c>clip</c> first (0 = off); a non-finite loss fails the
/// cell. With <c>val_every</c> &gt; 0 the <see cref="ValidationSelection"/> keeps the parameters of the best validation
/// regret (for a warm-started method the warm start is its best pre-training epoch); with 0 the last epoch is evaluated.
/// </para>
/// <para>
/// Checkpoints: after every epoch a <see cref="CellCheckpoint"/> goes to the sink (model parameters and buffers, Adam
/// moments and step, the epoch, the method's carried generators, the epoch times, the selection state). When the sink
/// has one, the cell restores it and continues with the next epoch; the result is bit-identical to an uninterrupted run
/// (per-epoch streams are seeded by (seed, epoch), per-cell tables are recomputed from the seed). A checkpoint of
/// another model fails the cell with one message.
/// </para>
/// Extra metrics: per-phase mean epoch seconds ("epoch_s_train", "epoch_s_pretrain", "epoch_s_dfl", …) over every epoch
/// of the cell, including epochs run before a resume; "seconds_per_epoch" and "final_train_loss" (mean batch loss of the
/// last epoch) when this process trained; "resumed_from_epoch"; "decide_seconds", "test_size", "test_cost",
/// "oracle_cost", "regret_std"; the method's <see cref="TrainableMethod.Diagnostics"/>; with selection "best_epoch" /
/// "val_regret". <see cref="CellMetrics.TrainSeconds"/> counts this process's training only.
/// </summary>
public static class CellTrainer
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the task, method or parameter that is wrong.</summary>
    public static void Validate(CellRequest request) => _ = Checked(request);

    /// <summary>The cell's validated settings (device format, method, parameters, and that the method fits the task).</summary>
    private static CellSettings Checked(CellRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CellDevice.CheckFormat(request.Device);
        var method = MethodRegistry.Get(request.Method);
        var settings = CellSettings.Of(request.Task, request.Method, request.Parameters, request.Seed, request.DataSeed, request.Device);
        // the catalog's rule (PluginCatalog.Fits), so a cell run straight through the trainer is refused as a sweep's would be
        if (!PluginCatalog.Fits(method, TaskRegistry.Get(request.Task)))
            throw new ArgumentException($"method '{request.Method}' does not fit task '{request.Task}'; methods that fit it: {string.Join(", ", MethodRegistry.Fitting(request.Task))}");
        return settings;
    }

    public static CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var settings = Checked(request);
        var trainer = settings.Get<TrainerSettings>();
        var task = TaskRegistry.Create(settings);
        var method = MethodRegistry.Create(request.Method, task, settings);
        method.Model.to(method.Device);
        int epochs = method.TotalEpochs;
        var selection = new ValidationSelection(trainer.ValEvery, trainer.MaxVal, epochs);
        using var training = new MethodTraining(request, task, method, trainer, settings, selection);
        var loop = EpochLoop.Run(training, checkpoints, progress, $"{request.Task}/{request.Method}", cancel);
        int start = loop.ResumedFrom;
        var epochSeconds = training.EpochSeconds;
        selection.RestoreBest(method.Model);
        var extra = new Dictionary<string, double>();
        var (test, regret, decideSeconds) = task.Protocol is { } protocol
            ? EvaluateProtocol(protocol, method, trainer.MaxTest, extra, cancel)
            : Scored(Evaluate(task, task.Data.Test, method, trainer.MaxTest, cancel));
        double? lowerBound = task is ILowerBoundTask known ? known.LowerBound(test.PerSample.Length) : null;
        extra["test_cost"] = test.Cost; extra["oracle_cost"] = test.Oracle; extra["decide_seconds"] = decideSeconds;
        extra["resumed_from_epoch"] = start; extra["test_size"] = test.PerSample.Length; extra["regret_std"] = StandardDeviation(test.PerSample);
        if (epochs > start) { extra["final_train_loss"] = loop.LastLoss; extra["seconds_per_epoch"] = loop.TrainSeconds / (epochs - start); }
        if (selection.Enabled && epochs > 0) { extra["best_epoch"] = selection.BestEpoch; extra["val_regret"] = selection.BestRegret; }
        foreach (var phase in epochSeconds.Select((s, e) => (Phase: method.Phase(e), Seconds: s)).GroupBy(p => p.Phase))
            extra[$"epoch_s_{phase.Key}"] = phase.Average(p => p.Seconds);
        foreach (var (key, value) in method.Diagnostics()) extra[key] = value;
        return new CellMetrics(regret, lowerBound, regret - lowerBound, epochs, loop.TrainSeconds, extra);
    }

    /// <summary>
    /// A method's epochs as <see cref="EpochLoop"/> runs them: each epoch shuffles the training windows with its own stream
    /// (<see cref="EpochStream"/>) at the phase's learning rate (a warm-started method's decision-focused epochs at
    /// <c>finetune_lr</c>, at most <c>df_max_batches</c> batches), one <see cref="TrainBatch"/> per mini-batch; then the
    /// validation selection, and at a phase boundary the best state so far restored with a fresh optimizer.
    /// </summary>
    private sealed class MethodTraining(CellRequest request, IDecisionTask task, TrainableMethod method, TrainerSettings trainer,
        CellSettings settings, ValidationSelection selection) : IEpochTraining, IDisposable
    {
        // a warm-started method's decision-focused phase: its learning rate and batch budget
        private readonly Methods.DecisionFocused.WarmStartSettings? _warm =
            method is Methods.DecisionFocused.WarmStartedGmmMethod ? settings.Get<Methods.DecisionFocused.WarmStartSettings>() : null;

        // a method that trains nothing (persistence: 0 epochs, no parameters) has no optimizer and no checkpoint
        private Adam? _optimizer = method.TotalEpochs > 0 ? NewAdam(method, trainer.LearningRate) : null;

        /// <summary>Wall time of every finished epoch's training, including epochs run before a resume.</summary>
        public List<double> EpochSeconds { get; private set; } = [];

        public int Epochs => method.TotalEpochs;

        public int Restore(int savedEpoch, byte[] state)
        {
            EpochSeconds = CellCheckpoint.Restore((savedEpoch, state), request.Method, method, _optimizer!, selection);
            return EpochSeconds.Count;
        }

        public double TrainEpoch(int epoch, CancellationToken cancel)
        {
            // dfl / so-ebm / lodl fine-tune the pre-trained two-stage model at finetune_lr (warm start)
            bool fineTune = method.FineTunes(epoch);
            foreach (var group in _optimizer!.ParamGroups) group.LearningRate = fineTune ? _warm!.FineTuneLearningRate : trainer.LearningRate;
            method.Model.train();
            var rng = EpochStream(request.Seed, epoch);
            var order = rng.Permutation(task.Data.Train.Count);
            double lossSum = 0;
            int batches = 0, batch = trainer.Batch;
            int maxBatches = fineTune ? _warm!.FineTuneMaxBatches : 0;
            for (int first = 0; first < order.Length && (maxBatches == 0 || batches < maxBatches); first += batch)
            {
                cancel.ThrowIfCancellationRequested();
                var rows = order[first..Math.Min(order.Length, first + batch)];
                lossSum += TrainBatch(method, _optimizer, rows, epoch, rng, trainer.Clip, $"{request.Task}/{request.Method}");
                batches++;
            }
            return lossSum / Math.Max(1, batches);
        }

        public void AfterEpoch(int epoch, double seconds, CancellationToken cancel)
        {
            EpochSeconds.Add(seconds);
            selection.AfterEpoch(epoch, task, method, cancel);
            if (selection.Enabled && ValidationSelection.PhaseEndsAfter(method, epoch, Epochs))
            {
                // the warm start of the decision-focused phase is the best pre-training epoch, with a fresh optimizer
                selection.RestoreBest(method.Model);
                _optimizer!.Dispose();
                _optimizer = NewAdam(method, trainer.LearningRate);
            }
        }

        public byte[] Checkpoint(int finishedEpochs) => CellCheckpoint.Save(request.Method, method, _optimizer!, EpochSeconds, selection);

        public void Dispose() => _optimizer?.Dispose();
    }

    private static (Evaluation Test, double Regret, double Seconds) Scored(Evaluation test) => (test, test.Regret, test.Seconds);

    /// <summary>
    /// A task with its own test protocol (<see cref="ITestProtocolTask"/>): the method decides on the first <paramref name="max"/>
    /// windows of every test set, the task scores them (its figures into <paramref name="extra"/>); the first set's
    /// <see cref="Evaluation"/> describes the test split as for every task, and the decision time is summed over the sets.
    /// </summary>
    private static (Evaluation Test, double Regret, double Seconds) EvaluateProtocol(ITestProtocolTask task, TrainableMethod method, int max,
        Dictionary<string, double> extra, CancellationToken cancel)
    {
        var scored = new List<(double[] Regrets, double[] OracleCosts)>();
        Evaluation? first = null;
        double seconds = 0;
        foreach (var (_, split) in task.TestSets)
        {
            var oracle = OracleCosts(task, split, max, cancel);
            var e = Evaluate(task, split, method, max, cancel, oracle);
            first ??= e;
            seconds += e.Seconds;
            scored.Add((e.PerSample, oracle));
        }
        return (first!, task.Score(scored, extra), seconds);
    }

    /// <summary>
    /// The stream of 0-based <paramref name="epoch"/>: <c>DataRng.For("epoch", seed, epoch + 1)</c>, keyed by the 1-based epoch
    /// number that progress reports and checkpoints count, so a resumed cell draws what an uninterrupted one draws.
    /// </summary>
    public static DataRng EpochStream(int seed, int epoch) => DataRng.For("epoch", seed, epoch + 1);

    /// <summary>Sample standard deviation (n − 1) of the per-sample regrets (0 for a single sample).</summary>
    private static double StandardDeviation(double[] values) =>
        values.Length > 1 ? MathNet.Numerics.Statistics.Statistics.StandardDeviation(values) : 0;

    /// <summary>
    /// One Adam step on a mini-batch, the body of every epoch (and what bench/Df2.TorchBench's <c>cell-epoch</c> times): inside
    /// its own dispose scope the method's loss, backward, the gradient's global norm clipped at <paramref name="clip"/>
    /// (0 = off), the step. Returns the batch loss; a non-finite one fails the cell.
    /// </summary>
    public static float TrainBatch(TrainableMethod method, optim.Optimizer optimizer, int[] rows, int epoch, DataRng rng, double clip, string cell)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = method.BatchLoss(rows, epoch, rng);
        float value = loss.item<float>();
        if (!float.IsFinite(value)) throw new CellFailedException($"loss became {value} in epoch {epoch + 1} ({cell})");
        loss.backward();
        if (clip > 0) nn.utils.clip_grad_norm_(method.Model.parameters(), clip);
        optimizer.step();
        return value;
    }

    /// <summary>Adam (PyTorch defaults β = (0.9, 0.999), ε = 1e-8) over the method's parameters on its device.</summary>
    public static Adam NewAdam(TrainableMethod method, double lr) => optim.Adam(method.Model.parameters(), lr);

    /// <summary>Epochs a method trains for (warm-started methods: <c>pretrain_epochs</c> + <c>epochs</c>), from its descriptor.</summary>
    public static int TotalEpochs(string method, CellSettings s) => MethodRegistry.Get(method).TotalEpochs(s);

    /// <summary>Windows of a split that an evaluation uses: the first <paramref name="max"/> (0 = all).</summary>
    public static int EvaluatedWindows(WindowedSplit split, int max) => max > 0 ? Math.Min(max, split.Count) : split.Count;

    /// <summary>f(y, a*(y)) of each evaluated window (the per-sample oracle; constant for a split, so callers may keep it).</summary>
    public static double[] OracleCosts(IDecisionTask task, WindowedSplit split, int max, CancellationToken cancel)
    {
        int n = EvaluatedWindows(split, max), yd = task.YDim;
        var oracles = new double[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var y = split.Y.AsSpan(r * yd, yd);
            var star = new double[task.ADim];
            task.Oracle(y, star);
            oracles[r] = task.Cost(y, star, [], []);
        });
        return oracles;
    }

    /// <summary>
    /// Decides on the first <paramref name="max"/> windows of a split (0 = all) and scores them (<see cref="Evaluation"/>);
    /// <paramref name="oracleCosts"/> (from <see cref="OracleCosts"/>) is computed here when not given.
    /// </summary>
    public static Evaluation Evaluate(IDecisionTask task, WindowedSplit split, TrainableMethod method,
        int max, CancellationToken cancel, double[]? oracleCosts = null)
    {
        int n = EvaluatedWindows(split, max), yd = task.YDim, ad = task.ADim;
        var rows = Enumerable.Range(0, n).ToArray();
        var sw = Stopwatch.StartNew();
        method.Model.eval();
        var decisions = method.Decide(split, rows, cancel);
        double seconds = sw.Elapsed.TotalSeconds;
        var oracles = oracleCosts ?? OracleCosts(task, split, max, cancel);
        var costs = new double[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancel },
            r => costs[r] = task.Cost(split.Y.AsSpan(r * yd, yd), decisions.AsSpan(r * ad, ad), [], []));
        var perSample = new double[n];
        for (int r = 0; r < n; r++) perSample[r] = costs[r] - oracles[r];
        return new Evaluation(Evaluation.MeanRegret(perSample), costs.Average(), oracles.Average(), seconds, perSample);
    }
}
