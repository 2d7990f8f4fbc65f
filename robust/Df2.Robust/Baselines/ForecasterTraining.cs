using Df2.Learning.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Running;
using Df2.Robust.Tasks.LlmProvisioning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// 3D-Learning's forecaster training as the one <see cref="EpochLoop"/> runs it (the DFL predictor and the baselines
/// fine-tuned from it): Adam over shuffled mini-batches of a batch loss (<see cref="Epoch"/>), then the validation regret
/// (the paper's normalised regret on 23V-val) offered to the one selection rule of every trainer
/// (<see cref="ValidationSelection.Offer"/>: every epoch evaluated, the starting weights not a candidate, so a baseline
/// started from DFL never silently returns DFL). The checkpoint (<see cref="CheckpointCodec"/>) holds the weights, the Adam
/// moments, the selection's kept weights and history, and the states of the <c>order</c>, <c>dropout</c> and
/// <c>augment</c> generators (batch order, dropout masks, augmentation draws: one stream each), so a killed run resumes
/// bit for bit.
/// </summary>
public sealed class ForecasterTraining : IEpochTraining, IDisposable
{
    public sealed record Outcome(double BestValidationRegret, int BestEpoch, int ResumedFromEpoch);

    private const string OrderState = "order_state", DropoutState = "dropout_state", AugmentState = "augment_state";

    private readonly LstmForecaster _model;
    private readonly Tensor _inputs, _targets;
    private readonly LlmContext _ctx;
    private readonly IBatchLoss _loss;
    private readonly TrainSettings _settings;
    private readonly Generator _order, _dropout, _augment;
    private readonly Adam _optimizer;
    private readonly ValidationSelection _selection;

    private ForecasterTraining(LstmForecaster model, Tensor inputs, Tensor targets, LlmContext ctx, IBatchLoss loss, TrainSettings settings,
        Generator order, Generator dropout, Generator augment)
    {
        (_model, _inputs, _targets, _ctx, _loss, _settings) = (model, inputs, targets, ctx, loss, settings);
        (_order, _dropout, _augment) = (order, dropout, augment);
        _optimizer = optim.Adam(model.parameters(), settings.LearningRate);
        _selection = new ValidationSelection(1, 0, settings.Epochs);
    }

    /// <summary>Trains <paramref name="model"/> through <see cref="EpochLoop"/> and leaves it at its best validation epoch, in eval mode.</summary>
    public static Outcome Train(LstmForecaster model, Tensor inputs, Tensor targets, LlmContext ctx, IBatchLoss loss, TrainSettings settings,
        Generator order, Generator dropout, Generator augment, ICheckpointSink sink, Action<EpochReport>? report, string cell, CancellationToken ct)
    {
        using var training = new ForecasterTraining(model, inputs, targets, ctx, loss, settings, order, dropout, augment);
        var loop = EpochLoop.Run(training, sink, report, cell, ct);
        training._selection.RestoreBest(model);
        model.eval();
        return new Outcome(training._selection.BestRegret, training._selection.BestEpoch, loop.ResumedFrom);
    }

    public int Epochs => _settings.Epochs;

    public int Restore(int savedEpoch, byte[] state)
    {
        var restored = CheckpointCodec.Restore(state, _model, _optimizer);
        try
        {
            if (restored.Epoch != savedEpoch)
                throw new CellFailedException($"checkpoint says epoch {restored.Epoch} but the sink stored it as epoch {savedEpoch}");
            var extras = restored.Extras;
            foreach (var key in new[] { OrderState, DropoutState, AugmentState })
                if (!extras.ContainsKey(key)) throw new CellFailedException($"checkpoint has no '{key}' (not written by the forecaster training)");
            _order.set_state(extras[OrderState]);
            _dropout.set_state(extras[DropoutState]);
            _augment.set_state(extras[AugmentState]);
            _selection.Load(restored.Metadata, extras, _model);
            return restored.Epoch;
        }
        finally
        {
            foreach (var t in restored.Extras.Values) t.Dispose();
        }
    }

    public double TrainEpoch(int epoch, CancellationToken cancel) =>
        Epoch(_model, _optimizer, _inputs, _targets, _order, _settings.Batch, dropLast: true, _loss, _ctx.DecisionLoss, cancel);

    public void AfterEpoch(int epoch, double seconds, CancellationToken cancel) => _selection.Offer(epoch + 1, Validate(_model, _ctx), _model);

    public byte[] Checkpoint(int finishedEpochs)
    {
        using var scope = NewDisposeScope();
        var extras = _selection.Tensors();
        extras[OrderState] = _order.get_state();
        extras[DropoutState] = _dropout.get_state();
        extras[AugmentState] = _augment.get_state();
        return CheckpointCodec.Save(_model, _optimizer, finishedEpochs, _selection.Metadata(), extras);
    }

    public void Dispose() => _optimizer.Dispose();

    /// <summary>
    /// One epoch of every 3D-Learning forecaster (the DFL predictor, the baselines, 3D-L's decision half): the model in train
    /// mode, a permutation of the windows drawn from <paramref name="order"/>, one Adam step of <paramref name="loss"/> per
    /// mini-batch of <paramref name="batch"/> windows inside its own dispose scope. With <paramref name="dropLast"/> a last
    /// short batch is dropped (unless it is the only one); without, it is trained too. Returns the mean batch loss.
    /// </summary>
    public static double Epoch(LstmForecaster model, OptimizerHelper optimizer, Tensor inputs, Tensor targets, Generator order, int batch,
        bool dropLast, IBatchLoss loss, PerSampleLoss f, CancellationToken cancel)
    {
        model.train();
        var n = inputs.shape[0];
        using var permutation = randperm(n, generator: order).to(inputs.device);
        var total = 0.0;
        var batches = 0;
        for (long first = 0; dropLast ? first + batch <= n || (first == 0 && n > 0) : first < n; first += batch)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var idx = permutation.narrow(0, first, Math.Min(batch, n - first));
            optimizer.zero_grad();
            var value = loss.Loss(model, inputs.index_select(0, idx), targets.index_select(0, idx), f);
            value.backward();
            optimizer.step();
            total += value.item<float>();
            batches++;
        }
        return total / batches;
    }

    /// <summary>The paper's normalised regret of <paramref name="model"/> on 23V-val (eval mode).</summary>
    public static double Validate(LstmForecaster model, LlmContext ctx)
    {
        model.eval();
        return ctx.Evaluate(x => model.call(x), ctx.Data.Validation).Normalised;
    }
}
