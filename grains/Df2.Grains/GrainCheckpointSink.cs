using Df2.GrainInterfaces;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// A running cell's reports: one call to the cell grain (one state write) per epoch. An epoch's progress is held until its
/// checkpoint's bytes are in the checkpoint store, and the cell grain records both together; the progress of an epoch that
/// saved no checkpoint goes alone when the next epoch's progress comes, or before the completion (<see cref="Flush"/>).
/// A refused report means the attempt is gone: the run is cancelled. Once a reference is recorded, the
/// checkpoint saved two saves earlier is removed (the store prunes epoch − 2 itself; this covers cells that save every
/// k-th epoch, such as the DDPM pre-training every ddpm_ckpt_every iterations).
/// </summary>
internal sealed class GrainCheckpointSink(ICheckpointStore store, ICellGrain cell, CellAssignment assignment,
    (int Epoch, byte[] State)? initial, CancellationTokenSource lost) : ICheckpointSink
{
    private (int Epoch, byte[] State)? _latest = initial;
    private readonly Queue<string> _saved = new();
    private EpochProgress? _pending;

    /// <summary>An epoch finished: held for its checkpoint; false when the attempt is gone (the held one of an earlier epoch was refused).</summary>
    public bool Progress(EpochProgress progress)
    {
        var earlier = _pending;
        _pending = progress;
        return earlier is null || ReportAlone(earlier);
    }

    /// <summary>Report the progress still held (an epoch without a checkpoint); false when the attempt is gone.</summary>
    public bool Flush()
    {
        if (_pending is not { } progress) return true;
        _pending = null;
        return ReportAlone(progress);
    }

    /// <summary>An epoch's progress without a checkpoint reference; false when the attempt is gone.</summary>
    private bool ReportAlone(EpochProgress progress) => GrainRetry.Run(() => cell.ReportEpochAsync(assignment.Attempt, progress, null));

    public void Save(int epoch, byte[] state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var location = store.Save(assignment.SweepId, assignment.Cell.Key, assignment.Attempt, epoch, state);
        var progress = _pending;
        _pending = null;
        if (!GrainRetry.Run(() => cell.ReportEpochAsync(assignment.Attempt, progress, new CheckpointRef(epoch, location))))
        {
            lost.Cancel();
            throw new OperationCanceledException("checkpoint refused: the attempt is no longer current");
        }
        Df2Metrics.CheckpointStored(state.LongLength, clock.Elapsed.TotalSeconds);
        _latest = (epoch, state);
        _saved.Enqueue(location);
        if (_saved.Count > 2) store.Delete(_saved.Dequeue());
    }

    public (int Epoch, byte[] State)? Load() => _latest;
}
