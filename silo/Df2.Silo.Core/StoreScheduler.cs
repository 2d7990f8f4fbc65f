using Df2.GrainInterfaces;
using Df2.Silo.Stores;

namespace Df2.Silo;

/// <summary>In-process <see cref="ICellScheduler"/> over the store: what the embedded <c>df2 run</c> workers use (same calls as the HTTP API).</summary>
public sealed class StoreScheduler(SqlClusterStore store, int leaseSeconds) : ICellScheduler
{
    public Task<LeasedCell?> LeaseAsync(LeaseRequest request, CancellationToken cancel) => Task.FromResult(store.Lease(request, leaseSeconds));

    public Task<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request, CancellationToken cancel) =>
        Task.FromResult(store.Heartbeat(request, leaseSeconds));

    public Task<AckResponse> SaveCheckpointAsync(long cellId, int attempt, int epoch, byte[] state, CancellationToken cancel) =>
        Task.FromResult(store.SaveCheckpoint(cellId, attempt, epoch, state));

    public Task<(int Epoch, byte[] State)?> LoadCheckpointAsync(long cellId, int attempt, CancellationToken cancel) =>
        Task.FromResult(store.LoadCheckpoint(cellId));

    public Task<AckResponse> CompleteAsync(CompleteRequest request, CancellationToken cancel) => Task.FromResult(store.Complete(request));

    public Task<AckResponse> FailAsync(FailRequest request, CancellationToken cancel) => Task.FromResult(store.Fail(request));

    public Task<AckResponse> ReleaseAsync(ReleaseRequest request, CancellationToken cancel) => Task.FromResult(store.Release(request));
}
