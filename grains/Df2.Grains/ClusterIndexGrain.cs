using Df2.GrainInterfaces;
using Orleans.Runtime;

namespace Df2.Grains;

/// <summary>The sweep list (persisted) that idle workers ask for work, and the workers' last reports (kept in memory).</summary>
public sealed class ClusterIndexGrain(
    [PersistentState(StorageNames.Index, StorageNames.Store)] IPersistentState<ClusterIndexState> state,
    IClusterMembershipService membership) : Grain, IClusterIndexGrain
{
    private readonly Dictionary<string, WorkerView> _workers = new(StringComparer.Ordinal);

    public async Task AddSweepAsync(string sweepId)
    {
        var changed = false;
        if (!state.State.Sweeps.Contains(sweepId)) { state.State.Sweeps.Add(sweepId); changed = true; }
        if (state.State.Finished.Remove(sweepId)) changed = true;
        if (changed) await state.WriteStateAsync();
    }

    public Task<List<string>> SweepsAsync() => Task.FromResult(state.State.Sweeps.ToList());

    public Task<List<string>> ActiveSweepsAsync() =>
        Task.FromResult(state.State.Sweeps.Where(s => !state.State.Finished.Contains(s)).ToList());

    public async Task SweepFinishedAsync(string sweepId)
    {
        if (state.State.Finished.Contains(sweepId)) return;
        state.State.Finished.Add(sweepId);
        await state.WriteStateAsync();
    }

    public Task WorkerSeenAsync(WorkerView worker)
    {
        _workers[worker.Worker] = worker;
        return Task.CompletedTask;
    }

    public Task<List<WorkerView>> WorkersAsync()
    {
        foreach (var gone in _workers.Values.Where(w => SiloLiveness.IsGone(membership, w.Silo)).Select(w => w.Worker).ToList())
            _workers.Remove(gone);
        return Task.FromResult(_workers.Values.OrderBy(w => w.Worker, StringComparer.Ordinal).ToList());
    }
}
