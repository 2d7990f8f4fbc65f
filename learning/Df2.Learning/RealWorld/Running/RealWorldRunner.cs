using System.Diagnostics;
using Df2.Learning.Data;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.RealWorld.Methods;
using Df2.Learning.Running;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.RealWorld.Running;

/// <summary>
/// Runs one real-world cell: build the task and method, train with Adam for the method's epochs
/// (shuffled mini-batches; the shuffle stream depends on the training seed and the epoch), then decide on
/// the test split and report the mean regret f(y, â(x)) − f(y, a*(y)) with the per-sample oracle a*(y).
/// <para>
/// Checkpoints: after every epoch a <see cref="RealWorldCheckpoint"/> goes to the sink (model parameters and
/// buffers, Adam moments and step, the epoch, the state of the method's carried generators such as
/// <c>SampleRng</c>, and the epoch times). When the sink has one, the cell restores it and continues with the
/// next epoch; the result is bit-identical to an uninterrupted run. Nothing else needs saving: per-epoch
/// shuffles and action draws come from streams seeded by (seed, epoch), the learning rate is set per epoch
/// from the phase, and per-cell tables (LODL surrogate weights, DF2 value initialisation) are recomputed
/// deterministically from the seed; the validation-selection state (kept best parameters, best regret) is in
/// the checkpoint too. A checkpoint of another model fails the cell with one message.
/// </para>
/// Extra metrics: per-phase mean epoch seconds ("epoch_s_train", "epoch_s_pretrain", "epoch_s_dfl", …) over
/// every epoch of the cell, including epochs run before a resume (their times travel in the checkpoint, so
/// they may come from another worker); "resumed_from_epoch" (0 for a fresh start); decide seconds, mean test
/// cost and mean oracle cost, the method's <see cref="RealWorldMethod.Diagnostics"/> (dfl on vaccine:
/// "dfl_vertex_share", "dfl_mean_free"), and with validation selection "best_epoch" / "val_regret".
/// <see cref="CellMetrics.TrainSeconds"/> counts this process's training only.
/// The model, every batch and the optimizer live on the cell's device (<see cref="CellRequest.Device"/>); each
/// batch runs inside its own dispose scope.
/// </summary>
public static class RealWorldRunner
{
    public static IReadOnlyList<string> TaskNames => RealWorldTaskFactory.Names;
    public static IReadOnlyList<string> MethodNames => RealWorldMethodRegistry.Names;
    public static bool Handles(string task) => RealWorldTaskFactory.Names.Contains(task);

    public static void Validate(CellRequest request)
    {
        if (!Handles(request.Task)) throw new ArgumentException($"task '{request.Task}' is not a real-world task");
        _ = RealWorldMethodRegistry.Get(request.Method);
        _ = new RealWorldSettings(request.Task, request.Parameters, request.Seed, request.DataSeed, request.Device);
    }

    public static CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        Validate(request);
        var settings = new RealWorldSettings(request.Task, request.Parameters, request.Seed, request.DataSeed, request.Device);
        var task = RealWorldTaskFactory.Create(settings);
        var method = RealWorldMethodRegistry.Create(request.Method, task, settings);
        method.Model.to(method.Device);
        var total = Stopwatch.StartNew();
        var optimizer = NewAdam(method, settings.Real("lr"));
        int epochs = method.TotalEpochs, batch = settings.Int("batch");
        var selection = new ValidationSelection(settings.Int("val_every"), settings.Int("max_val"), epochs);
        List<double> epochSeconds = checkpoints.Load() is { } saved ? RealWorldCheckpoint.Restore(saved, request.Method, method, optimizer, selection) : [];
        int start = epochSeconds.Count;
        var train = task.Data.Train;
        for (int epoch = start; epoch < epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            // dfl / so-ebm / lodl fine-tune the pre-trained two-stage model at finetune_lr (warm start)
            bool fineTune = method.FineTunes(epoch);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = settings.Real(fineTune ? "finetune_lr" : "lr");
            method.Model.train();
            var rng = DataRng.For("rw-epoch", request.Seed, epoch);
            var order = rng.Permutation(train.Count);
            double lossSum = 0;
            int batches = 0;
            int maxBatches = fineTune ? settings.Int("df_max_batches") : 0;
            for (int first = 0; first < order.Length && (maxBatches == 0 || batches < maxBatches); first += batch)
            {
                cancel.ThrowIfCancellationRequested();
                var rows = order[first..Math.Min(order.Length, first + batch)];
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = method.BatchLoss(rows, epoch, rng);
                float value = loss.item<float>();
                if (!float.IsFinite(value)) throw new CellFailedException($"loss became {value} in epoch {epoch + 1} ({request.Task}/{request.Method})");
                loss.backward();
                nn.utils.clip_grad_norm_(method.Model.parameters(), 100.0);
                optimizer.step();
                lossSum += value; batches++;
            }
            double seconds = sw.Elapsed.TotalSeconds;
            epochSeconds.Add(seconds);
            selection.AfterEpoch(epoch, task, method, cancel);
            if (selection.Enabled && ValidationSelection.PhaseEndsAfter(method, epoch, epochs))
            {
                // the warm start of the decision-focused phase is the best pre-training epoch, with a fresh optimizer
                selection.RestoreBest(method.Model);
                optimizer.Dispose();
                optimizer = NewAdam(method, settings.Real("lr"));
            }
            checkpoints.Save(epoch + 1, RealWorldCheckpoint.Save(request.Method, method, optimizer, epochSeconds, selection));
            progress(new EpochReport(epoch + 1, epochs, lossSum / Math.Max(1, batches), seconds));
        }
        double trainSeconds = total.Elapsed.TotalSeconds;
        selection.RestoreBest(method.Model);
        var (regret, cost, oracle, decideSeconds) = Evaluate(task, task.Data.Test, method, settings.Int("max_test"), cancel);
        var extra = new Dictionary<string, double>
        {
            ["test_cost"] = cost, ["oracle_cost"] = oracle, ["decide_s"] = decideSeconds, ["resumed_from_epoch"] = start,
        };
        if (selection.Enabled) { extra["best_epoch"] = selection.BestEpoch; extra["val_regret"] = selection.BestRegret; }
        foreach (var phase in epochSeconds.Select((s, e) => (Phase: method.Phase(e), Seconds: s)).GroupBy(p => p.Phase))
            extra[$"epoch_s_{phase.Key}"] = phase.Average(p => p.Seconds);
        foreach (var (key, value) in method.Diagnostics()) extra[key] = value;
        return new CellMetrics(regret, null, null, epochs, trainSeconds, extra);
    }

    /// <summary>Adam (PyTorch defaults β = (0.9, 0.999), ε = 1e-8) over the method's parameters on its device.</summary>
    private static Adam NewAdam(RealWorldMethod method, double lr) => optim.Adam(method.Model.parameters(), lr);

    /// <summary>Epochs a method trains for (warm-started methods: <c>pretrain_epochs</c> + <c>epochs</c>), from its descriptor.</summary>
    public static int TotalEpochs(string method, RealWorldSettings s) => RealWorldMethodRegistry.Get(method).TotalEpochs(s);

    /// <summary>Windows of a split that an evaluation uses: the first <paramref name="max"/> (0 = all).</summary>
    public static int EvaluatedWindows(WindowedSplit split, int max) => max > 0 ? Math.Min(max, split.Count) : split.Count;

    /// <summary>f(y, a*(y)) of each evaluated window (the per-sample oracle; constant for a split, so callers may keep it).</summary>
    public static double[] OracleCosts(IRealWorldTask task, WindowedSplit split, int max, CancellationToken cancel)
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
    /// Mean regret over the first <paramref name="max"/> windows of a split (0 = all), with mean cost and oracle cost;
    /// <paramref name="oracleCosts"/> (from <see cref="OracleCosts"/>) is computed here when not given.
    /// </summary>
    public static (double Regret, double Cost, double Oracle, double Seconds) Evaluate(IRealWorldTask task, WindowedSplit split, RealWorldMethod method,
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
        double cost = costs.Average(), oracle = oracles.Average();
        return (cost - oracle, cost, oracle, seconds);
    }
}
