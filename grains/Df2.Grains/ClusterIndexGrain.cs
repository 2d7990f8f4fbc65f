using Df2.GrainInterfaces;
using Orleans.Runtime;

namespace Df2.Grains;

/// <summary>
/// The sweep list (persisted) that idle workers ask for work, the workers' last reports, and the idle workers waiting to be
/// woken (both kept in memory: a restarted index starts with none waiting, and the workers' backstop polls register them
/// again). Waiting workers are woken oldest first, as many as the cells a sweep reports ready, skipping those of gone silos
/// and those that take cells from another sweep only. Every ready-cell signal is counted: a worker that registers quoting
/// an older count (a signal arrived while it was asking the sweeps) is told to look again, so no signal falls between its
/// look and its registration.
/// </summary>
public sealed class ClusterIndexGrain(
    [PersistentState(StorageNames.Index, StorageNames.Store)] IPersistentState<ClusterIndexState> state,
    IClusterMembershipService membership) : Grain, IClusterIndexGrain
{
    private readonly Dictionary<string, WorkerView> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<(string Worker, long Ticket)> _queue = new();
    private long _signals, _tickets;

    private sealed record Waiting(long Ticket, string Silo, string? OnlySweep);

    public async Task AddSweepAsync(string sweepId)
    {
        var changed = false;
        if (!state.State.Sweeps.Contains(sweepId)) { state.State.Sweeps.Add(sweepId); changed = true; }
        if (state.State.Finished.Remove(sweepId)) changed = true;
        if (changed) await state.WriteStateAsync();
    }

    public Task<List<string>> SweepsAsync() => Task.FromResult(state.State.Sweeps.ToList());

    public Task<WorkLook> LookForWorkAsync(string worker)
    {
        _waiting.Remove(worker);
        return Task.FromResult(new WorkLook(state.State.Sweeps.Where(s => !state.State.Finished.Contains(s)).ToList(), _signals));
    }

    public Task<bool> WaitForWorkAsync(string worker, string silo, string? onlySweep, long signals)
    {
        var ticket = ++_tickets;
        _waiting[worker] = new Waiting(ticket, silo, onlySweep);
        _queue.Enqueue((worker, ticket));
        if (_queue.Count > 4 * _waiting.Count + 64) Compact();
        return Task.FromResult(signals != _signals);
    }

    public Task LeaveAsync(string worker)
    {
        _waiting.Remove(worker);
        return Task.CompletedTask;
    }

    public Task CellsReadyAsync(string sweepId, int count)
    {
        _signals++;
        var woken = 0;
        var skipped = new List<(string, long)>();
        while (count > 0 && _queue.TryDequeue(out var q))
        {
            if (!_waiting.TryGetValue(q.Worker, out var w) || w.Ticket != q.Ticket) continue;   // looked or left since
            if (w.OnlySweep is { } only && only != sweepId) { skipped.Add(q); continue; }
            _waiting.Remove(q.Worker);
            if (SiloLiveness.IsGone(membership, w.Silo)) continue;
            GrainFactory.GetGrain<IWorkerGrain>(q.Worker).WakeAsync().Ignore();
            count--;
            woken++;
        }
        Df2Metrics.Woke(woken);
        if (skipped.Count > 0)
        {
            // those kept their turn: they go back in front, in their order
            foreach (var q in _queue) skipped.Add(q);
            _queue.Clear();
            foreach (var q in skipped) _queue.Enqueue(q);
        }
        return Task.CompletedTask;
    }

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

    /// <summary>Drop the queue entries of workers that looked or left since they registered.</summary>
    private void Compact()
    {
        var live = _queue.Where(q => _waiting.TryGetValue(q.Worker, out var w) && w.Ticket == q.Ticket).ToList();
        _queue.Clear();
        foreach (var q in live) _queue.Enqueue(q);
    }
}
