using System.Diagnostics;

namespace Df2.Learning.Running;

/// <summary>
/// What one trainer repeats: an epoch of mini-batch steps, then what follows it (validation selection, a phase boundary),
/// and the checkpoint of the whole state. <see cref="CellTrainer"/> (every method of a decision task), 3D-Learning's
/// forecaster training (the DFL predictor and its fine-tuned baselines) and the DDPM pre-training implement it;
/// <see cref="EpochLoop"/> runs it.
/// </summary>
public interface IEpochTraining
{
    /// <summary>Epochs in all (0: nothing to train, no checkpoint is read or written).</summary>
    int Epochs { get; }

    /// <summary>
    /// Restores the state of a checkpoint the sink stored at position <paramref name="savedEpoch"/> (<see cref="Position"/>) and
    /// returns the epochs it finished; a checkpoint that does not belong to this training throws <see cref="CellFailedException"/> with one message.
    /// </summary>
    int Restore(int savedEpoch, byte[] state);

    /// <summary>Trains 0-based <paramref name="epoch"/> and returns its mean batch loss (a non-finite one fails the cell).</summary>
    double TrainEpoch(int epoch, CancellationToken cancel);

    /// <summary>
    /// After the training of 0-based <paramref name="epoch"/>, which took <paramref name="seconds"/>: validation, selection,
    /// a phase boundary. Not counted as training time.
    /// </summary>
    void AfterEpoch(int epoch, double seconds, CancellationToken cancel);

    /// <summary>The whole state after <paramref name="finishedEpochs"/> epochs, as the sink stores it.</summary>
    byte[] Checkpoint(int finishedEpochs);

    /// <summary>
    /// Where the training stands after <paramref name="finishedEpochs"/> epochs, in the unit its progress and its sink count:
    /// epochs for a trainer of epochs (the default), iterations for one whose "epoch" is a window of iterations between two
    /// checkpoints (the DDPM pre-training). <see cref="Restore"/> receives a position in the same unit.
    /// </summary>
    int Position(int finishedEpochs) => finishedEpochs;
}

/// <summary>How a loop ended: the epochs restored from a checkpoint, the last epoch's mean loss (NaN when this process
/// trained none) and this process's training seconds (the epochs' training only, no validation).</summary>
public sealed record EpochLoopOutcome(int ResumedFrom, double LastLoss, double TrainSeconds);

/// <summary>
/// The one epoch loop of every trainer. It resumes from the sink's checkpoint, then for each remaining epoch checks for
/// cancellation, trains it, fails the cell on a non-finite mean loss, runs what follows the epoch, reports progress and
/// saves the checkpoint, in that order: progress before the checkpoint, so a host that records epoch e's checkpoint has
/// recorded its loss too and a resumed cell keeps its whole loss history (a kill between the two re-runs epoch e and
/// reports it again). Progress and the sink count in the training's <see cref="IEpochTraining.Position"/>.
/// </summary>
public static class EpochLoop
{
    public static EpochLoopOutcome Run(IEpochTraining training, ICheckpointSink sink, Action<EpochReport>? progress, string cell, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(sink);
        var epochs = training.Epochs;
        var start = epochs > 0 && sink.Load() is { } saved ? training.Restore(saved.Epoch, saved.State) : 0;
        double lastLoss = double.NaN, trainSeconds = 0;
        for (var epoch = start; epoch < epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            lastLoss = training.TrainEpoch(epoch, cancel);
            var seconds = clock.Elapsed.TotalSeconds;
            if (!double.IsFinite(lastLoss)) throw new CellFailedException($"training loss became {lastLoss} in epoch {epoch + 1} ({cell})");
            trainSeconds += seconds;
            training.AfterEpoch(epoch, seconds, cancel);
            progress?.Invoke(new EpochReport(training.Position(epoch + 1), training.Position(epochs), lastLoss, seconds));
            sink.Save(training.Position(epoch + 1), training.Checkpoint(epoch + 1));
        }
        return new EpochLoopOutcome(start, lastLoss, trainSeconds);
    }
}
