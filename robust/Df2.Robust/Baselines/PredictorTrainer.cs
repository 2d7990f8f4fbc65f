using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// Trains the forecaster with a batch loss (Adam, shuffled mini-batches from the <c>order</c> generator) and selects the
/// trained epoch with the lowest validation regret (paper's normalised regret on 23V-val) by the one selection rule of
/// every trainer (<see cref="ValidationSelection.Offer"/>: every epoch evaluated, the starting weights not a candidate,
/// so a baseline started from DFL never silently returns DFL). After every epoch the whole state goes to the checkpoint
/// sink (<see cref="CheckpointCodec"/>: weights, Adam moments, the selection's kept weights and history, and the states
/// of the <c>order</c>, <c>dropout</c> and <c>augment</c> generators: batch order, dropout masks and augmentation draws,
/// one stream each), so a killed run resumes bit for bit.
/// </summary>
public static class PredictorTrainer
{
    public sealed record Outcome(double BestValidationRegret, int BestEpoch, int ResumedFromEpoch, double Seconds);

    private const string OrderState = "order_state", DropoutState = "dropout_state", AugmentState = "augment_state";

    public static Outcome Train(LstmForecaster model, Tensor inputs, Tensor targets, LlmContext ctx, IBatchLoss loss,
        TrainSettings settings, Generator order, Generator dropout, Generator augment, ICheckpointSink sink, Action<EpochReport>? report, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var optimizer = optim.Adam(model.parameters(), settings.LearningRate);
        PerSampleLoss f = ctx.DecisionLoss;
        var selection = new ValidationSelection(1, 0, settings.Epochs);
        var start = 0;
        if (sink.Load() is { } saved)
        {
            var restored = CheckpointCodec.Restore(saved.State, model, optimizer);
            start = restored.Epoch;
            var extras = restored.Extras;
            order.set_state(extras[OrderState]);
            dropout.set_state(extras[DropoutState]);
            augment.set_state(extras[AugmentState]);
            selection.Load(restored.Metadata, extras, model);
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
            selection.Offer(epoch, Validate(model, ctx), model);
            // progress before the checkpoint, as in CellTrainer: a host that records epoch e's checkpoint has its loss too
            report?.Invoke(new EpochReport(epoch, settings.Epochs, mean, epochClock.Elapsed.TotalSeconds));
            sink.Save(epoch, Checkpoint(model, optimizer, epoch, selection, order, dropout, augment));
        }
        selection.RestoreBest(model);
        model.eval();
        return new Outcome(selection.BestRegret, selection.BestEpoch, start, clock.Elapsed.TotalSeconds);
    }

    public static double Validate(LstmForecaster model, LlmContext ctx)
    {
        model.eval();
        return ctx.Evaluate(x => model.call(x), ctx.Data.Validation).Normalised;
    }

    private static byte[] Checkpoint(LstmForecaster model, TorchSharp.Modules.OptimizerHelper optimizer, int epoch,
        ValidationSelection selection, Generator order, Generator dropout, Generator augment)
    {
        using var scope = NewDisposeScope();
        var extras = selection.Tensors();
        extras[OrderState] = order.get_state();
        extras[DropoutState] = dropout.get_state();
        extras[AugmentState] = augment.get_state();
        return CheckpointCodec.Save(model, optimizer, epoch, selection.Metadata(), extras);
    }
}
