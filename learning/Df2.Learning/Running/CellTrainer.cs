using System.Diagnostics;
using Df2.Learning.Data;
using Df2.Learning.Methods;
using Df2.Learning.Metrics;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Running;

/// <summary>
/// The shared training loop of every synthetic method (Algorithm 1's outer loop for DF2), on the cell's device:
/// for each epoch, shuffle the training rows with the epoch's own stream (seeded by training seed and epoch
/// number, so a resumed run replays the same stream), one torch.optim.Adam step per mini-batch inside its own
/// dispose scope, checkpoint after the epoch. The epoch's loss is summed on the device and read once per epoch
/// (no host round trip inside a batch); a non-finite sum fails the cell naming the epoch. Model selection:
/// none — the model after the last epoch is evaluated (the validation split only reports a validation loss in
/// <see cref="CellMetrics.Extra"/>); this keeps checkpoints to one state and matches a fixed epoch budget in the
/// paper. Then decide on the test split and score regret / gap.
/// </summary>
public static class CellTrainer
{
    public static CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var device = CellDevice.Open(request.Device);
        var task = TaskRegistry.Get(request.Task);
        var descriptor = MethodRegistry.Get(request.Method);
        int n = TaskRegistry.Parameters.Single(p => p.Key == "n").ReadInt(request.Parameters);
        var data = task.Generate(request.DataSeed, n);
        var settings = new MethodSettings(descriptor, request.Parameters, request.Seed);
        using var method = descriptor.Create(task, data, settings, device);
        using var optimizer = optim.Adam(method.Model.parameters(), settings.LearningRate);

        int start = 0;
        if (checkpoints.Load() is { } saved)
        {
            var restored = CheckpointCodec.Restore(saved.State, method.Model, optimizer);
            foreach (var kept in restored.Extras.Values) kept.Dispose();
            start = restored.Epoch;
            if (start != saved.Epoch)
                throw new CellFailedException($"checkpoint says epoch {start} but the sink stored it as epoch {saved.Epoch}");
            if (start > settings.Epochs)
                throw new CellFailedException($"checkpoint is at epoch {start}, beyond the configured {settings.Epochs} epochs");
        }

        double trainSeconds = 0, lastLoss = double.NaN;
        var train = data.TrainIndex;
        for (int epoch = start + 1; epoch <= settings.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var rng = DataRng.For("epoch", request.Seed, epoch);
            var order = rng.Permutation(train.Length);
            method.Model.train();
            using var lossSum = zeros(1, ScalarType.Float64, device);
            for (int offset = 0; offset < order.Length; offset += settings.Batch)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int size = Math.Min(settings.Batch, order.Length - offset);
                var rows = new int[size];
                for (int r = 0; r < size; r++) rows[r] = train[order[offset + r]];
                var loss = method.BatchLoss(rows, rng);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum.add_(loss.detach().to(ScalarType.Float64) * size);
            }
            double sum = lossSum.item<double>();
            if (!double.IsFinite(sum)) throw new CellFailedException($"loss became NaN at epoch {epoch}");
            lastLoss = sum / order.Length;
            double seconds = watch.Elapsed.TotalSeconds;
            trainSeconds += seconds;
            checkpoints.Save(epoch, CheckpointCodec.Save(method.Model, optimizer, epoch));
            progress(new EpochReport(epoch, settings.Epochs, lastLoss, seconds));
        }

        cancel.ThrowIfCancellationRequested();
        var decideWatch = Stopwatch.StartNew();
        var actions = method.Decide(data.TestIndex, cancel);
        double decideSeconds = decideWatch.Elapsed.TotalSeconds;
        var report = Regret.Evaluate(task, data, request.DataSeed, actions);
        int trained = settings.Epochs - start;
        var extra = new Dictionary<string, double>
        {
            ["regret_std"] = report.RegretStd,
            ["decide_seconds"] = decideSeconds,
            ["resumed_from_epoch"] = start,
            ["test_size"] = data.TestIndex.Length,
        };
        // only finite values: the cluster serialises Extra as JSON, which has no NaN
        double valLoss = ValidationLoss(method, data, settings);
        if (double.IsFinite(valLoss)) extra["val_loss"] = valLoss;
        if (trained > 0)
        {
            extra["final_train_loss"] = lastLoss;
            extra["seconds_per_epoch"] = trainSeconds / trained;
        }
        return new CellMetrics(report.Regret, report.LowerBound, report.Gap, settings.Epochs, trainSeconds, extra);
    }

    /// <summary>The method's own training loss on the validation split (eval mode, no gradient), summed on the device, read once.</summary>
    private static double ValidationLoss(TrainableMethod method, SyntheticDataset data, MethodSettings settings)
    {
        var rows = data.ValIndex;
        if (rows.Length == 0) return double.NaN;
        using var _ = no_grad();
        method.Model.eval();
        var rng = DataRng.For("validation", settings.Seed);
        using var sum = zeros(1, ScalarType.Float64, method.Device);
        for (int offset = 0; offset < rows.Length; offset += settings.Batch)
        {
            using var scope = NewDisposeScope();
            var batch = rows.AsSpan(offset, Math.Min(settings.Batch, rows.Length - offset)).ToArray();
            sum.add_(method.BatchLoss(batch, rng).to(ScalarType.Float64) * batch.Length);
        }
        return sum.item<double>() / rows.Length;
    }
}
