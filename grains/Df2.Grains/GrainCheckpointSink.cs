using Df2.GrainInterfaces;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// A running cell's checkpoints: the bytes go to the checkpoint store, then the cell grain records the
/// reference. A refused record means the attempt is gone: the run is cancelled.
/// </summary>
internal sealed class GrainCheckpointSink(ICheckpointStore store, ICellGrain cell, CellAssignment assignment,
    (int Epoch, byte[] State)? initial, CancellationTokenSource lost) : ICheckpointSink
{
    private (int Epoch, byte[] State)? _latest = initial;

    public void Save(int epoch, byte[] state)
    {
        var location = store.Save(assignment.SweepId, assignment.Cell.Key, assignment.Attempt, epoch, state);
        if (!GrainRetry.Run(() => cell.ReportEpochAsync(assignment.Attempt, null, new CheckpointRef(epoch, location))))
        {
            lost.Cancel();
            throw new OperationCanceledException("checkpoint refused: the attempt is no longer current");
        }
        _latest = (epoch, state);
    }

    public (int Epoch, byte[] State)? Load() => _latest;
}
