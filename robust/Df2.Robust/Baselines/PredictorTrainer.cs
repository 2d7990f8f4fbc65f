using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Robust.Running;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// Trains the forecaster with a batch loss (Adam, shuffled mini-batches from the <c>order</c> generator) and
/// selects the trained epoch with the lowest validation regret (paper's normalised regret on 23V-val). The
/// starting weights are not a candidate, so a baseline started from DFL never silently returns DFL. After every
/// epoch the whole state goes to the checkpoint sink (<see cref="CheckpointCodec"/>: weights, Adam moments, the
/// best epoch's weights and regret, and the states of the <c>order</c>, <c>dropout</c> and <c>augment</c> generators:
/// batch order, dropout masks and augmentation draws, one stream each), so a killed run resumes bit for bit.
/// </summary>
public static class PredictorTrainer
{
    public sealed record Outcome(double BestValidationRegret, int BestEpoch, int ResumedFromEpoch, double Seconds);

    private const string Best = "best.", BestRegret = "best_regret", BestEpoch = "best_epoch", OrderState = "order_state", DropoutState = "dropout_state", AugmentState = "augment_state";

    public static Outcome Train(LstmForecaster model, Tensor inputs, Tensor targets, LlmContext ctx, IBatchLoss loss,
        TrainSettings settings, Generator order, Generator dropout, Generator augment, ICheckpointSink sink, Action<EpochReport>? report, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var optimizer = optim.Adam(model.parameters(), settings.LearningRate);
        PerSampleLoss f = ctx.DecisionLoss;
        var best = double.PositiveInfinity;
        var bestState = ModuleState.Snapshot(model);
        var bestEpoch = 0;
        var start = 0;
        if (sink.Load() is { } saved)
        {
            var restored = CheckpointCodec.Restore(saved.State, model, optimizer);
            start = restored.Epoch;
            var extras = restored.Extras;
            best = extras[BestRegret].item<double>();
            bestEpoch = (int)extras[BestEpoch].item<long>();
            order.set_state(extras[OrderState]);
            dropout.set_state(extras[DropoutState]);
            augment.set_state(extras[AugmentState]);
            foreach (var t in bestState.Values) t.Dispose();
            bestState = extras.Where(e => e.Key.StartsWith(Best, StringComparison.Ordinal))
                .ToDictionary(e => e.Key[Best.Length..], e => e.Value.to(ctx.Device, copy: true), StringComparer.Ordinal);
            foreach (var t in extras.Values) t.Dispose();
        }
        var n = inputs.shape[0];
        for (var epoch = start + 1; epoch <= settings.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            model.train();
            using var permutation = randperm(n, generator: order).to(ctx.Device);
            var total = 0.0;
            var batches = 0;
            for (long first = 0; first + settings.Batch <= n || (first == 0 && n > 0); first += settings.Batch)
            {
                using var scope = NewDisposeScope();
                var idx = permutation.narrow(0, first, Math.Min(settings.Batch, n - first));
                optimizer.zero_grad();
                var value = loss.Loss(model, inputs.index_select(0, idx), targets.index_select(0, idx), f);
                value.backward();
                optimizer.step();
                total += value.item<float>();
                batches++;
            }
            var mean = total / batches;
            if (!double.IsFinite(mean)) throw new CellFailedException($"training loss became {mean} at epoch {epoch}");
            var regret = Validate(model, ctx);
            if (regret < best)
            {
                best = regret;
                bestEpoch = epoch;
                foreach (var t in bestState.Values) t.Dispose();
                bestState = ModuleState.Snapshot(model);
            }
            sink.Save(epoch, Checkpoint(model, optimizer, epoch, bestState, best, bestEpoch, order, dropout, augment));
            report?.Invoke(new EpochReport(epoch, settings.Epochs, mean, epochClock.Elapsed.TotalSeconds));
        }
        ModuleState.Restore(model, bestState);
        foreach (var t in bestState.Values) t.Dispose();
        model.eval();
        return new Outcome(best, bestEpoch, start, clock.Elapsed.TotalSeconds);
    }

    public static double Validate(LstmForecaster model, LlmContext ctx)
    {
        model.eval();
        return ctx.Evaluate(x => model.call(x), ctx.Data.Validation).Normalised;
    }

    private static byte[] Checkpoint(LstmForecaster model, TorchSharp.Modules.OptimizerHelper optimizer, int epoch,
        Dictionary<string, Tensor> bestState, double best, int bestEpoch, Generator order, Generator dropout, Generator augment)
    {
        using var scope = NewDisposeScope();
        var extras = bestState.ToDictionary(e => Best + e.Key, e => e.Value, StringComparer.Ordinal);
        extras[BestRegret] = tensor(best, ScalarType.Float64);
        extras[BestEpoch] = tensor((long)bestEpoch, ScalarType.Int64);
        extras[OrderState] = order.get_state();
        extras[DropoutState] = dropout.get_state();
        extras[AugmentState] = augment.get_state();
        return CheckpointCodec.Save(model, optimizer, epoch, extras: extras);
    }
}
