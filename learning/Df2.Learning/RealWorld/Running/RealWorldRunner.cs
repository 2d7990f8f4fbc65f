using System.Diagnostics;
using Df2.Engine.Optim;
using Df2.Learning.Data;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Methods;
using Df2.Learning.Running;

namespace Df2.Learning.RealWorld.Running;

/// <summary>
/// Runs one real-world cell: build the task and method, train with Adam for the configured epochs
/// (shuffled mini-batches; the shuffle stream depends on the training seed), then decide on the test
/// split and report the mean regret f(y, â(x)) − f(y, a*(y)) with the per-sample oracle a*(y).
/// Extra metrics: per-phase mean epoch seconds ("epoch_s_train", "epoch_s_pretrain", "epoch_s_dfl", …),
/// decide seconds, mean test cost and mean oracle cost, plus the method's <see cref="RealWorldMethod.Diagnostics"/>
/// (dfl on vaccine: "dfl_vertex_share", "dfl_mean_free"). Checkpoints: not written (see docs/table2.md).
/// </summary>
public static class RealWorldRunner
{
    public static IReadOnlyList<string> TaskNames => RealWorldTaskFactory.Names;
    public static IReadOnlyList<string> MethodNames => RealWorldMethodRegistry.Names;
    public static bool Handles(string task) => RealWorldTaskFactory.Names.Contains(task);

    public static void Validate(CellRequest request)
    {
        if (!Handles(request.Task)) throw new ArgumentException($"task '{request.Task}' is not a real-world task");
        if (!RealWorldMethodRegistry.Names.Contains(request.Method))
            throw new ArgumentException($"method '{request.Method}' is unknown for real-world tasks; known: {string.Join(", ", RealWorldMethodRegistry.Names)}");
        _ = new RealWorldSettings(request.Task, request.Parameters, request.Seed, request.DataSeed);
    }

    public static CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        Validate(request);
        var settings = new RealWorldSettings(request.Task, request.Parameters, request.Seed, request.DataSeed);
        var task = RealWorldTaskFactory.Create(settings);
        var method = RealWorldMethodRegistry.Create(request.Method, task, settings);
        var total = Stopwatch.StartNew();
        var optimizer = new Adam(method.Model.Parameters(), (float)settings.Real("lr"));
        int epochs = TotalEpochs(request.Method, settings), batch = settings.Int("batch");
        var phaseTimes = new Dictionary<string, List<double>>();
        var train = task.Data.Train;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            // dfl / so-ebm / lodl fine-tune the pre-trained two-stage model at finetune_lr (warm start)
            optimizer.LearningRate = (float)(method.Phase(epoch) is "train" or "pretrain" ? settings.Real("lr") : settings.Real("finetune_lr"));
            var rng = DataRng.For("rw-epoch", request.Seed, epoch);
            var order = rng.Permutation(train.Count);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += batch)
            {
                var rows = order[start..Math.Min(order.Length, start + batch)];
                optimizer.ZeroGrad();
                var loss = method.BatchLoss(rows, epoch, rng);
                float value = loss.Item();
                if (!float.IsFinite(value)) throw new CellFailedException($"loss became {value} in epoch {epoch + 1} ({request.Task}/{request.Method})");
                loss.Backward();
                GradClip.ClipGradNorm(method.Model.Parameters(), 100f);
                optimizer.Step();
                lossSum += value; batches++;
            }
            double seconds = sw.Elapsed.TotalSeconds;
            var phase = method.Phase(epoch);
            if (!phaseTimes.TryGetValue(phase, out var list)) phaseTimes[phase] = list = [];
            list.Add(seconds);
            progress(new EpochReport(epoch + 1, epochs, lossSum / Math.Max(1, batches), seconds));
        }
        double trainSeconds = total.Elapsed.TotalSeconds;
        var (regret, cost, oracle, decideSeconds) = Evaluate(task, method, settings.Int("max_test"), cancel);
        var extra = new Dictionary<string, double>
        {
            ["test_cost"] = cost, ["oracle_cost"] = oracle, ["decide_s"] = decideSeconds,
        };
        foreach (var (phase, times) in phaseTimes) extra[$"epoch_s_{phase}"] = times.Average();
        foreach (var (key, value) in method.Diagnostics()) extra[key] = value;
        return new CellMetrics(regret, null, null, epochs, trainSeconds, extra);
    }

    /// <summary>dfl / so-ebm / lodl run <c>pretrain_epochs</c> of two-stage NLL before their own <c>epochs</c>.</summary>
    public static int TotalEpochs(string method, RealWorldSettings s) =>
        RealWorldMethodRegistry.SeparableOnly.Contains(method) ? s.PretrainEpochs + s.Epochs : s.Epochs;

    /// <summary>Mean regret over the (first max_test) test windows, with mean cost and oracle cost.</summary>
    public static (double Regret, double Cost, double Oracle, double Seconds) Evaluate(IRealWorldTask task, RealWorldMethod method, int maxTest, CancellationToken cancel)
    {
        var test = task.Data.Test;
        int n = maxTest > 0 ? Math.Min(maxTest, test.Count) : test.Count;
        var rows = Enumerable.Range(0, n).ToArray();
        var sw = Stopwatch.StartNew();
        var decisions = method.Decide(test, rows, cancel);
        double seconds = sw.Elapsed.TotalSeconds;
        var costs = new double[n];
        var oracles = new double[n];
        int yd = task.YDim, ad = task.ADim;
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var y = test.Y.AsSpan(r * yd, yd);
            var star = new double[ad];
            task.Oracle(y, star);
            costs[r] = task.Cost(y, decisions.AsSpan(r * ad, ad), [], []);
            oracles[r] = task.Cost(y, star, [], []);
        });
        double cost = costs.Average(), oracle = oracles.Average();
        return (cost - oracle, cost, oracle, seconds);
    }
}
