using Df2.GrainInterfaces;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// A running cell's checkpoints: the bytes go to the checkpoint store, then the cell grain records the
/// reference. A refused record means the attempt is gone: the run is cancelled. Once a reference is recorded, the
/// checkpoint saved two saves earlier is removed (the store prunes epoch − 2 itself; this covers cells that save every
/// k-th epoch, such as the DDPM pre-training every ddpm_ckpt_every iterations).
/// </summary>
internal sealed class GrainCheckpointSink(ICheckpointStore store, ICellGrain cell, CellAssignment assignment,
    (int Epoch, byte[] State)? initial, CancellationTokenSource lost) : ICheckpointSink
{
    private (int Epoch, byte[] State)? _latest = initial;
    private readonly Queue<string> _saved = new();

    public void Save(int epoch, byte[] state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var location = store.Save(assignment.SweepId, assignment.Cell.Key, assignment.Attempt, epoch, state);
        if (!GrainRetry.Run(() => cell.ReportEpochAsync(assignment.Attempt, null, new CheckpointRef(epoch, location))))
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
