using Df2.GrainInterfaces;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// Checkpoint sink of a leased cell: every save goes to the scheduler (the store decides whether the
/// bytes live in a row or in the shared checkpoint directory). A refused save means the lease is gone.
/// </summary>
internal sealed class SchedulerCheckpointSink(ICellScheduler scheduler, LeasedCell cell, (int Epoch, byte[] State)? initial,
    CancellationTokenSource leaseLost) : ICheckpointSink
{
    private (int Epoch, byte[] State)? _latest = initial;

    public void Save(int epoch, byte[] state)
    {
        var ack = TransientRetry.Run(() => scheduler.SaveCheckpointAsync(cell.CellId, cell.Attempt, epoch, state, CancellationToken.None)).GetAwaiter().GetResult();
        if (!ack.Accepted)
        {
            leaseLost.Cancel();
            throw new OperationCanceledException($"checkpoint refused: {ack.Message}");
        }
        _latest = (epoch, state);
    }

    public (int Epoch, byte[] State)? Load() => _latest;
}
