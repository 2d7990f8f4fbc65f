using Df2.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Df2.Grains;

/// <summary>
/// One sweep. Persists only its name and cell keys; the cells own their state. In memory it keeps the last
/// view of every cell (refreshed from the cells on activation, then by their one-way notifications) to hand
/// out pending cells in submission order and to answer status. Every two seconds, while unfinished, it asks
/// the membership table whether a running cell's silo is gone and returns such cells to Pending. A round-based cell
/// (3D-Learning) is run by its DroGrain one step at a time: the sweep asks that grain for the next step and hands a
/// step lost with its silo back to it.
/// Dependencies: a cell names the cells it needs (<see cref="CellDescription.DependsOn"/>, listed before it). A pending
/// cell is handed out only once all of them are done, with their artifacts' locations (<see cref="CellAssignment.Inputs"/>);
/// when one of them has failed (for good: retryable failures go back to Pending first) or was cancelled, the cell fails
/// with "dependency KEY failed: REASON" without running, and so do its own dependents, in one pass in submission order.
/// </summary>
public sealed class SweepGrain(
    [PersistentState(StorageNames.Sweep, StorageNames.Store)] IPersistentState<SweepGrainState> state,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<SweepGrain> log) : Grain, ISweepGrain
{
    private readonly Dictionary<string, CellView> _cells = new(StringComparer.Ordinal);
    private IGrainTimer? _watch;
    private bool _reportedFinished;

    private SweepGrainState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private ICellGrain Cell(string key) => GrainFactory.GetGrain<ICellGrain>(StorageNames.CellGrainKey(Id, key));

    private IDroGrain Dro(string key) => GrainFactory.GetGrain<IDroGrain>(StorageNames.CellGrainKey(Id, key));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!S.Submitted) return;
        await Refresh();
        StartWatch();
    }

    public async Task<SubmitResult> SubmitAsync(string name, List<CellDescription> cells)
    {
        CheckDependencies(cells);
        var existing = S.Submitted;
        if (!existing)
        {
            S.Name = name;
            S.Created = DateTimeOffset.UtcNow;
            S.Keys = cells.Select(c => c.Key).ToList();
            S.Submitted = true;
            await state.WriteStateAsync();
        }
        // Idempotent: a submit interrupted half-way creates the remaining cells the next time.
        foreach (var chunk in cells.Chunk(64))
            await Task.WhenAll(chunk.Select(c => Cell(c.Key).InitAsync(Id, c)));
        await GrainFactory.GetGrain<IClusterIndexGrain>(0).AddSweepAsync(Id);
        await Refresh();
        _reportedFinished = false;
        StartWatch();
        return new SubmitResult(Id, S.Keys.Count, existing);
    }

    public Task<SweepStatus?> StatusAsync() => Task.FromResult(S.Submitted ? Status() : null);

    public async Task<List<CellView>> CellsAsync(bool refresh)
    {
        if (refresh) await Refresh();
        return S.Keys.Select(k => _cells[k]).ToList();
    }

    public async Task<string> TableAsync(TableFormat format) =>
        await GrainFactory.GetGrain<IAggregatorGrain>(0).RenderAsync(await CellsAsync(refresh: true), format);

    public async Task<int> CancelAsync(string by)
    {
        if (!S.Submitted) return -1;
        await Refresh();
        if (_cells.Values.All(v => v.Status is CellStatus.Done or CellStatus.Failed or CellStatus.Cancelled)) return 0;   // finished stays finished
        S.Cancelled = true;
        await state.WriteStateAsync();
        var cancelled = 0;
        var reason = $"cancelled by {by} at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC";
        // only the cells not finished at the refresh above can change; only those are asked again
        foreach (var chunk in S.Keys.Where(k => !_cells[k].Finished).Chunk(64))
        {
            cancelled += (await Task.WhenAll(chunk.Select(k => Cell(k).CancelAsync(reason)))).Count(x => x);
            foreach (var v in await Task.WhenAll(chunk.Select(k => Cell(k).ViewAsync()))) _cells[v.Key] = v;
        }
        await CheckFinished();
        return cancelled;
    }

    public async Task<CellAssignment?> NextCellAsync(string worker, string device, string silo)
    {
        if (!S.Submitted || S.Cancelled) return null;
        foreach (var key in S.Keys)
        {
            var v = _cells[key];
            if (v.Status == CellStatus.Pending && !await DependenciesDone(v)) continue;
            if (DroSteps.IsRoundBased(v.Cell))
            {
                if (v.Status is not (CellStatus.Pending or CellStatus.Running)) continue;
                if (await Dro(key).NextStepAsync(worker, device, silo) is { } step) return WithInputs(step);
                continue;
            }
            // Pending, or Running on this idle worker: an assignment whose reply was lost (ICellGrain.StartAsync).
            if (v.Status != CellStatus.Pending && !(v.Status == CellStatus.Running && v.Worker == worker && v.Silo == silo)) continue;
            var assignment = await Cell(key).StartAsync(worker, device, silo);
            if (assignment is not null)
            {
                _cells[key] = _cells[key] with { Status = CellStatus.Running, Attempt = assignment.Attempt, Worker = worker, Silo = silo };
                return WithInputs(assignment);
            }
            _cells[key] = await Cell(key).ViewAsync();
        }
        await CheckFinished();
        return null;
    }

    public Task CellChangedAsync(CellView view)
    {
        if (_cells.ContainsKey(view.Key)) _cells[view.Key] = view;
        return Task.CompletedTask;
    }

    /// <summary>Every dependency names an earlier cell of the same list (so the graph has no cycle and a key order that runs).</summary>
    private static void CheckDependencies(List<CellDescription> cells)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in cells)
        {
            foreach (var d in c.DependsOn ?? [])
                if (!seen.Contains(d)) throw new ArgumentException($"cell {c.Key} depends on {d}, which is not an earlier cell of the sweep");
            seen.Add(c.Key);
        }
    }

    /// <summary>
    /// True when every dependency of the pending cell <paramref name="v"/> is done. When one failed or was cancelled the
    /// cell fails now with that reason (false); otherwise it waits (false).
    /// </summary>
    private async Task<bool> DependenciesDone(CellView v)
    {
        foreach (var d in v.Cell.DependsOn ?? [])
        {
            var dep = _cells[d];
            if (dep.Status == CellStatus.Done) continue;
            if (dep.Status is not (CellStatus.Failed or CellStatus.Cancelled)) return false;
            var reason = dep.Status == CellStatus.Failed ? $"dependency {d} failed: {dep.Reason}" : $"dependency {d} was cancelled";
            if (await Cell(v.Key).FailUnstartedAsync(reason)) log.LogWarning("sweep {Sweep}: {Cell} fails: {Reason}", Id, v.Key, reason);
            _cells[v.Key] = await Cell(v.Key).ViewAsync();
            return false;
        }
        return true;
    }

    /// <summary>The assignment with its dependencies' artifacts (dependency method → location in the checkpoint store).</summary>
    private CellAssignment WithInputs(CellAssignment assignment)
    {
        if (assignment.Cell.DependsOn is not { Count: > 0 } deps) return assignment;
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in deps)
            if (_cells[d].Result?.Artifact is { } location) inputs[_cells[d].Method] = location;
        return assignment with { Inputs = inputs };
    }

    /// <summary>Pending cells whose dependency failed fail too (in key order, so a chain fails in one pass).</summary>
    private async Task FailBlocked()
    {
        foreach (var key in S.Keys)
            if (_cells[key] is { Status: CellStatus.Pending, Cell.DependsOn.Count: > 0 } v) await DependenciesDone(v);
    }

    private SweepStatus Status()
    {
        var counts = Enum.GetValues<CellStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), _ => 0);
        foreach (var c in _cells.Values) counts[c.State]++;
        return new SweepStatus(Id, S.Name, S.Cancelled, S.Keys.Count, counts, S.Created, silo.SiloAddress.ToParsableString());
    }

    private async Task Refresh()
    {
        foreach (var chunk in S.Keys.Chunk(64))
            foreach (var v in await Task.WhenAll(chunk.Select(k => Cell(k).ViewAsync())))
                _cells[v.Key] = v;
    }

    private void StartWatch()
    {
        _watch ??= this.RegisterGrainTimer(Watch, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)) { KeepAlive = true });
    }

    /// <summary>Running cells on a silo the membership table declares gone go back to Pending (attempt + 1 when restarted).</summary>
    private async Task Watch(CancellationToken cancel)
    {
        // A delegated cell between two steps runs nowhere (no silo): nothing to recover.
        foreach (var silo in _cells.Values.Where(c => c.Status == CellStatus.Running && c.Silo is not null).Select(c => c.Silo).Distinct().ToList())
        {
            if (!SiloLiveness.IsGone(membership, silo)) continue;
            log.LogWarning("sweep {Sweep}: silo {Silo} is gone; its cells go back to pending", Id, silo);
            foreach (var c in _cells.Values.Where(c => c.Status == CellStatus.Running && c.Silo == silo).ToList())
            {
                if (DroSteps.IsRoundBased(c.Cell)) await Dro(c.Key).RecoverAsync(silo!);
                else await Cell(c.Key).RecoverAsync(silo!);
            }
            await Refresh();
        }
        if (!S.Cancelled) await FailBlocked();
        await CheckFinished();
    }

    private async Task CheckFinished()
    {
        if (_reportedFinished || _cells.Count < S.Keys.Count || !_cells.Values.All(c => c.Finished)) return;
        _reportedFinished = true;
        await GrainFactory.GetGrain<IClusterIndexGrain>(0).SweepFinishedAsync(Id);
        _watch?.Dispose();
        _watch = null;
    }
}
