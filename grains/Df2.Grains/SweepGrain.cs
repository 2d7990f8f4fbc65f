using Df2.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Df2.Grains;

/// <summary>
/// One sweep, of any size. Its validated cell list is a manifest of pages in the checkpoint store
/// (<see cref="SweepManifest"/>); its grain state keeps only the manifest's reference and one status byte per cell
/// (<see cref="SweepGrainState"/>). A cell grain is created when its cell is first handed out (or must fail or be
/// cancelled while it has one), so submitting, cancelling, status, tables and pages of cells never touch every cell grain:
/// cells report their changes (one-way), the sweep keeps counts and each done cell's regret as they come, and writes its
/// state (and the regret pages that changed) every two seconds while anything changed. A page of cells shows a cell that
/// never started from the manifest, other cells from their last report or, when refreshing, from their grains.
/// Every two seconds, while unfinished, it also asks the membership table whether a running cell's silo is gone and
/// returns such cells to Pending. A round-based cell (3D-Learning) is run by its DroGrain one step at a time: the sweep asks
/// that grain for the next step and hands a step lost with its silo back to it.
/// Dependencies: a cell names the cells it needs (<see cref="CellDescription.DependsOn"/>, listed before it). A pending
/// cell is handed out only once all of them are done, with their artifacts' locations (<see cref="CellAssignment.Inputs"/>);
/// when one of them has failed (for good: retryable failures go back to Pending first) or was cancelled, the cell fails
/// with "dependency KEY failed: REASON" without running, and so do its own dependents, in one pass in submission order.
/// After a crash the persisted bytes may lag the cells by up to two seconds; a cell shown as pending that has moved on is
/// corrected when it is next handed out (its grain refuses it and is asked for its view); running cells are asked on activation
/// and every 30 s.
/// Hand-out: workers ask (<see cref="NextCellAsync"/>) when idle; the sweep never polls them. When cells become ready — the
/// sweep is submitted or activated with pending cells, a cell goes back to Pending (retry, drain, its silo gone), a cell's
/// dependencies are all done, a 3D-Learning step is over so the run's next one can go out — the sweep tells the cluster
/// index how many (one-way), and the index wakes that many waiting workers.
/// </summary>
public sealed class SweepGrain(
    [PersistentState(StorageNames.Sweep, StorageNames.Store)] IPersistentState<SweepGrainState> state,
    ICheckpointStore store,
    Serializer serializer,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<SweepGrain> log) : Grain, ISweepGrain
{
    /// <summary>Views of finished cells are kept in memory up to this many (unfinished ones always).</summary>
    private const int ViewCacheLimit = 4096;

    private const byte Touched = 0x80;

    private CellDescription[] _cells = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private int[]?[] _deps = [];
    private List<int>?[] _dependents = [];
    private int _ready;
    private readonly HashSet<int> _dependencyCells = [];
    private double[] _regrets = [];
    private readonly Dictionary<int, CellView> _views = [];
    private readonly int[] _counts = new int[5];
    private readonly HashSet<int> _dirtyPages = [];
    private bool _dirty;
    private int _open;
    private IGrainTimer? _watch;
    private bool _reportedFinished;
    private int _ticks;

    private SweepGrainState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private ICellGrain Cell(int i) => GrainFactory.GetGrain<ICellGrain>(StorageNames.CellGrainKey(Id, _cells[i].Key));

    private IDroGrain Dro(int i) => GrainFactory.GetGrain<IDroGrain>(StorageNames.CellGrainKey(Id, _cells[i].Key));

    private CellStatus StatusOf(int i) => (CellStatus)(S.Cells[i] & 0x07);

    private bool IsTouched(int i) => (S.Cells[i] & Touched) != 0;

    private static bool IsFinished(CellStatus s) => s is CellStatus.Done or CellStatus.Failed or CellStatus.Cancelled;

    private int FinishedCount => _counts[(int)CellStatus.Done] + _counts[(int)CellStatus.Failed] + _counts[(int)CellStatus.Cancelled];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!S.Submitted) return;
        if (S.Keys.Count > 0) await Migrate();
        else
        {
            var (id, pages, count) = (Id, S.Pages, S.Count);   // grain state is not read off the grain's scheduler
            var (cells, regrets) = await Task.Run(() => SweepManifest.Read(store, serializer, id, pages, count), cancellationToken);
            Load(cells, regrets);
        }
        // where running cells run is not persisted: ask them (as many as there are busy workers)
        await Ask(Enumerable.Range(0, S.Count).Where(i => StatusOf(i) == CellStatus.Running && IsTouched(i)).ToList());
        if (FinishedCount < S.Count) StartWatch();
        if (!S.Cancelled) _ready += Enumerable.Range(0, S.Count).Count(i => StatusOf(i) == CellStatus.Pending && DependenciesDoneNow(i));
        Announce();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try { await Flush(); }
        catch (Exception e) { log.LogWarning(e, "sweep {Sweep}: state not written at deactivation", Id); }
    }

    public async Task<SubmitResult> SubmitAsync(string name, List<CellDescription> cells)
    {
        if (S.Submitted)
        {
            await GrainFactory.GetGrain<IClusterIndexGrain>(0).AddSweepAsync(Id);
            return new SubmitResult(Id, S.Count, true);
        }
        CheckCells(cells);
        // The pages first, the state last: a submit that fails in between claims nothing, and the same submit again
        // rewrites the same pages. The state is rolled back in memory when its write fails.
        var id = Id;
        var pages = await Task.Run(() => SweepManifest.Write(store, serializer, id, cells));
        var before = (S.Name, S.Created, S.Count, S.Pages, S.Cells);
        (S.Name, S.Created, S.Count, S.Pages, S.Cells, S.Submitted) = (name, DateTimeOffset.UtcNow, cells.Count, pages, new byte[cells.Count], true);
        try { await state.WriteStateAsync(); }
        catch
        {
            (S.Name, S.Created, S.Count, S.Pages, S.Cells) = before;
            S.Submitted = false;
            throw;
        }
        Load(cells, Enumerable.Repeat(double.NaN, cells.Count).ToArray());
        await GrainFactory.GetGrain<IClusterIndexGrain>(0).AddSweepAsync(Id);
        _reportedFinished = false;
        StartWatch();
        _ready += cells.Count(c => c.DependsOn is not { Count: > 0 });
        Announce();
        return new SubmitResult(Id, S.Count, false);
    }

    public Task<SweepStatus?> StatusAsync() => Task.FromResult(S.Submitted ? Status() : null);

    public async Task<CellPage> CellsAsync(CellQuery query)
    {
        if (query.Page < 0 || query.Size < 1 || query.Size > CellQuery.MaxSize)
            throw new ArgumentException($"page must be ≥ 0 and size 1 to {CellQuery.MaxSize}, got page {query.Page}, size {query.Size}");
        var matching = 0;
        var page = new List<int>();
        var first = query.Page * (long)query.Size;
        for (var i = 0; i < S.Count; i++)
        {
            if (query.Status is { } s && StatusOf(i) != s) continue;
            if (query.Task is { } t && _cells[i].Task != t) continue;
            if (query.Method is { } m && _cells[i].Method != m) continue;
            if (matching >= first && page.Count < query.Size) page.Add(i);
            matching++;
        }
        return new CellPage(query.Page, query.Size, matching, await Views(page, query.Refresh));
    }

    public async Task<List<RegretGroup>> RegretGroupsAsync()
    {
        // a done cell whose regret is not recorded (it finished in the seconds before a crash) is asked, once
        await Ask(Enumerable.Range(0, S.Count).Where(i => StatusOf(i) == CellStatus.Done && double.IsNaN(_regrets[i]) && !_dependencyCells.Contains(i)).ToList());
        var order = new List<(string Task, string Method, string Variant, bool Dependency)>();
        var groups = new Dictionary<(string, string, string, bool), (List<int> Seeds, List<int> DataSeeds, List<double> Regrets, Dictionary<string, int> States)>();
        for (var i = 0; i < S.Count; i++)
        {
            var c = _cells[i];
            var key = (c.Task, c.Method, c.Variant, _dependencyCells.Contains(i));
            if (!groups.TryGetValue(key, out var g))
            {
                groups[key] = g = ([], [], [], new Dictionary<string, int>(StringComparer.Ordinal));
                order.Add(key);
            }
            var status = StatusOf(i);
            var name = status.ToString().ToLowerInvariant();
            g.States[name] = g.States.GetValueOrDefault(name) + 1;
            if (status != CellStatus.Done) continue;
            g.Seeds.Add(c.Seed);
            g.DataSeeds.Add(c.DataSeed);
            g.Regrets.Add(_regrets[i]);
        }
        return order.Select(k =>
        {
            var g = groups[k];
            return new RegretGroup(k.Task, k.Method, k.Variant, k.Dependency, [.. g.Seeds], [.. g.DataSeeds], [.. g.Regrets],
                g.States.GetValueOrDefault("failed"), g.States);
        }).ToList();
    }

    public async Task<string> TableAsync(TableFormat format) =>
        await GrainFactory.GetGrain<IAggregatorGrain>(0).RenderAsync(await RegretGroupsAsync(), format);

    public async Task<int> CancelAsync(string by)
    {
        if (!S.Submitted) return -1;
        // cells that have a grain and are not finished may have finished meanwhile: ask them (finished stays finished)
        await Ask(Unfinished(touched: true));
        if (FinishedCount == S.Count) return 0;
        var reason = $"cancelled by {by} at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC";
        var touched = Unfinished(touched: true);
        var cancelled = 0;
        // a cell that never started has no grain: the sweep records it as cancelled (its view shows this reason)
        foreach (var i in Unfinished(touched: false))
        {
            Set(i, CellStatus.Cancelled);
            cancelled++;
        }
        (S.Cancelled, S.CancelReason, S.CancelledAt) = (true, reason, DateTimeOffset.UtcNow);
        try { await WriteState(); }
        catch
        {
            DeactivateOnIdle();   // the next activation reads the state as it was
            throw;
        }
        foreach (var chunk in touched.Chunk(64))
        {
            cancelled += (await Task.WhenAll(chunk.Select(i => Cell(i).CancelAsync(reason)))).Count(x => x);
            await Ask(chunk);
        }
        await CheckFinished();
        return cancelled;
    }

    public async Task<CellAssignment?> NextCellAsync(string worker, string device, string silo)
    {
        Df2Metrics.SweepCalled("handout");
        if (!S.Submitted || S.Cancelled) return null;
        while (_open < S.Count && IsFinished(StatusOf(_open))) _open++;
        for (var i = _open; i < S.Count; i++)
        {
            var status = StatusOf(i);
            if (IsFinished(status)) continue;
            if (status == CellStatus.Pending && !await DependenciesDone(i)) continue;
            if (DroSteps.IsRoundBased(_cells[i]))
            {
                if (StatusOf(i) is not (CellStatus.Pending or CellStatus.Running)) continue;
                await Touch(i);
                if (await Dro(i).NextStepAsync(worker, device, silo) is { } step) return await WithInputs(step);
                continue;
            }
            // Pending, or Running on this idle worker: an assignment whose reply was lost (ICellGrain.StartAsync).
            if (status != CellStatus.Pending && !(status == CellStatus.Running && _views.TryGetValue(i, out var v) && v.Worker == worker && v.Silo == silo)) continue;
            // a cell without a grain is created by its first start (one call, one state write)
            var assignment = IsTouched(i) ? await Cell(i).StartAsync(worker, device, silo) : await Cell(i).StartAsync(worker, device, silo, Id, _cells[i]);
            if (!IsTouched(i)) { S.Cells[i] |= Touched; _dirty = true; }
            if (assignment is not null)
            {
                Record(i, ViewOrManifest(i) with { Status = CellStatus.Running, Attempt = assignment.Attempt, Worker = worker, Device = device, Silo = silo });
                return await WithInputs(assignment);
            }
            Record(i, await Cell(i).ViewAsync());
        }
        Announce();
        await CheckFinished();
        return null;
    }

    public Task CellChangedAsync(CellView view)
    {
        Df2Metrics.SweepCalled("report");
        if (_index.TryGetValue(view.Key, out var i)) Record(i, view);
        Announce();
        return Task.CompletedTask;
    }

    /// <summary>Keys are unique and every dependency names an earlier cell of the same list (so the graph has no cycle and a key order that runs).</summary>
    private static void CheckCells(List<CellDescription> cells)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in cells)
        {
            foreach (var d in c.DependsOn ?? [])
                if (!seen.Contains(d)) throw new ArgumentException($"cell {c.Key} depends on {d}, which is not an earlier cell of the sweep");
            if (!seen.Add(c.Key)) throw new ArgumentException($"cell {c.Key} appears twice in the sweep");
        }
    }

    /// <summary>The in-memory index of the manifest: keys, dependencies, counts from the status bytes.</summary>
    private void Load(List<CellDescription> cells, double[] regrets)
    {
        _cells = [.. cells];
        _regrets = regrets;
        _index.Clear();
        _dependencyCells.Clear();
        _views.Clear();
        Array.Clear(_counts);
        _deps = new int[]?[cells.Count];
        _dependents = new List<int>?[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            _index[cells[i].Key] = i;
            if (cells[i].DependsOn is { Count: > 0 } deps)
            {
                _deps[i] = deps.Select(d => _index[d]).ToArray();
                _dependencyCells.UnionWith(_deps[i]!);
                foreach (var d in _deps[i]!) (_dependents[d] ??= []).Add(i);
            }
            _counts[(int)StatusOf(i)]++;
        }
        _open = 0;
    }

    /// <summary>A sweep stored before the manifest (every key in its state): its cells are read once and it is stored anew.</summary>
    private async Task Migrate()
    {
        var views = new List<CellView>();
        foreach (var chunk in S.Keys.Chunk(64))
            views.AddRange(await Task.WhenAll(chunk.Select(k => GrainFactory.GetGrain<ICellGrain>(StorageNames.CellGrainKey(Id, k)).ViewAsync())));
        var cells = views.Select(v => v.Cell).ToList();
        var regrets = views.Select(v => v.Status == CellStatus.Done && v.Result is { } r ? r.Regret : double.NaN).ToArray();
        var id = Id;
        var pages = await Task.Run(() => SweepManifest.Write(store, serializer, id, cells, regrets));
        (S.Count, S.Pages, S.Cells) = (cells.Count, pages, views.Select(v => (byte)((int)v.Status | Touched)).ToArray());
        S.Keys = [];
        await state.WriteStateAsync();
        Load(cells, regrets);
        for (var i = 0; i < views.Count; i++) Record(i, views[i]);
        log.LogInformation("sweep {Sweep}: {Cells} cells moved into a manifest of {Pages} pages", Id, cells.Count, pages);
    }

    private void Set(int i, CellStatus status)
    {
        var old = StatusOf(i);
        if (old == status) return;
        _counts[(int)old]--;
        _counts[(int)status]++;
        S.Cells[i] = (byte)((int)status | (S.Cells[i] & Touched));
        _dirty = true;
    }

    /// <summary>A cell's view, reported or asked: its status, its regret when done; finished is final. Counts the cells it makes ready.</summary>
    private void Record(int i, CellView v)
    {
        var before = StatusOf(i);
        if (IsFinished(before) && !v.Finished) return;   // a late report of an earlier state
        var stepOut = _views.TryGetValue(i, out var last) && last is { Status: CellStatus.Running, Worker: not null };
        if (!IsTouched(i)) { S.Cells[i] |= Touched; _dirty = true; }
        Set(i, v.Status);
        if (!S.Cancelled) _ready += Readied(i, before, v, stepOut);
        if (v.Status == CellStatus.Done && v.Result is { } r && !r.Regret.Equals(_regrets[i]))
        {
            _regrets[i] = r.Regret;
            _dirtyPages.Add(i / SweepManifest.PageSize);
        }
        if (!v.Finished || _views.ContainsKey(i) || _views.Count < ViewCacheLimit) _views[i] = v;
    }

    /// <summary>
    /// How many cells the change of cell <paramref name="i"/> from <paramref name="before"/> to <paramref name="v"/> makes ready:
    /// itself when it is Pending again (retry, drain, recovery) or a 3D-L run whose step in flight is over (<paramref name="stepOut"/>:
    /// the last view had one), its pending dependents whose dependencies are now all done when it is done.
    /// </summary>
    private int Readied(int i, CellStatus before, CellView v, bool stepOut)
    {
        if (v.Status == CellStatus.Pending && before != CellStatus.Pending) return DependenciesDoneNow(i) ? 1 : 0;
        if (v.Status == CellStatus.Running && v.Worker is null && stepOut && DroSteps.IsRoundBased(_cells[i])) return 1;
        if (v.Status == CellStatus.Done && before != CellStatus.Done && _dependents[i] is { } dependents)
            return dependents.Count(j => StatusOf(j) == CellStatus.Pending && DependenciesDoneNow(j));
        return 0;
    }

    private bool DependenciesDoneNow(int i) => _deps[i] is not { } deps || deps.All(d => StatusOf(d) == CellStatus.Done);

    /// <summary>Tell the cluster index how many cells became ready since the last time (one-way): it wakes that many waiting workers.</summary>
    private void Announce()
    {
        if (_ready == 0) return;
        Df2Metrics.CellsReady(_ready);
        GrainFactory.GetGrain<IClusterIndexGrain>(0).CellsReadyAsync(Id, _ready).Ignore();
        _ready = 0;
    }

    /// <summary>The cell grain exists (created with its description the first time).</summary>
    private async Task Touch(int i)
    {
        if (IsTouched(i)) return;
        await Cell(i).InitAsync(Id, _cells[i]);
        S.Cells[i] |= Touched;
        _dirty = true;
    }

    /// <summary>A cell that never had a grain, as the manifest and the sweep know it (pending, or cancelled with the sweep).</summary>
    private CellView FromManifest(int i)
    {
        var cancelled = StatusOf(i) == CellStatus.Cancelled;
        return new CellView(Id, _cells[i], StatusOf(i), 0, null, null, null, null, cancelled ? S.CancelReason : null, null, null, null,
            cancelled ? S.CancelledAt : null, [], 0, 0);
    }

    private CellView ViewOrManifest(int i) => _views.TryGetValue(i, out var v) ? v : FromManifest(i);

    /// <summary>Views of the cells <paramref name="cells"/>: only those with a grain and no kept view (or all with one, when refreshing) are asked.</summary>
    private async Task<List<CellView>> Views(List<int> cells, bool refresh)
    {
        var asked = await Ask(cells.Where(i => IsTouched(i) && (refresh || !_views.ContainsKey(i))).ToList());
        return cells.Select(i => asked.TryGetValue(i, out var a) ? a : IsTouched(i) && _views.TryGetValue(i, out var v) ? v : FromManifest(i)).ToList();
    }

    /// <summary>Ask these cells' grains for their views (64 at a time) and record them.</summary>
    private async Task<Dictionary<int, CellView>> Ask(IReadOnlyList<int> cells)
    {
        var asked = new Dictionary<int, CellView>();
        foreach (var chunk in cells.Chunk(64))
        {
            var views = await Task.WhenAll(chunk.Select(i => Cell(i).ViewAsync()));
            for (var k = 0; k < chunk.Length; k++)
            {
                Record(chunk[k], views[k]);
                asked[chunk[k]] = views[k];
            }
        }
        return asked;
    }

    private List<int> Unfinished(bool touched) =>
        Enumerable.Range(0, S.Count).Where(i => !IsFinished(StatusOf(i)) && IsTouched(i) == touched).ToList();

    /// <summary>
    /// True when every dependency of the pending cell <paramref name="i"/> is done. When one failed or was cancelled the
    /// cell fails now with that reason (false); otherwise it waits (false).
    /// </summary>
    private async Task<bool> DependenciesDone(int i)
    {
        foreach (var d in _deps[i] ?? [])
        {
            var status = StatusOf(d);
            if (status == CellStatus.Done) continue;
            if (status is not (CellStatus.Failed or CellStatus.Cancelled)) return false;
            var dep = IsTouched(d) ? await Cell(d).ViewAsync() : FromManifest(d);
            var reason = status == CellStatus.Failed ? $"dependency {_cells[d].Key} failed: {dep.Reason}" : $"dependency {_cells[d].Key} was cancelled";
            await Touch(i);
            if (await Cell(i).FailUnstartedAsync(reason)) log.LogWarning("sweep {Sweep}: {Cell} fails: {Reason}", Id, _cells[i].Key, reason);
            Record(i, await Cell(i).ViewAsync());
            return false;
        }
        return true;
    }

    /// <summary>The assignment with its dependencies' artifacts (dependency method → location in the checkpoint store).</summary>
    private async Task<CellAssignment> WithInputs(CellAssignment assignment)
    {
        if (assignment.Cell.DependsOn is not { Count: > 0 } deps) return assignment;
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in deps)
        {
            var i = _index[d];
            var view = _views.TryGetValue(i, out var v) && v.Result is not null ? v : await Cell(i).ViewAsync();
            if (view.Result?.Artifact is { } location) inputs[_cells[i].Method] = location;
        }
        return assignment with { Inputs = inputs };
    }

    /// <summary>Pending cells whose dependency failed fail too (in key order, so a chain fails in one pass).</summary>
    private async Task FailBlocked()
    {
        for (var i = _open; i < S.Count; i++)
            if (_deps[i] is not null && StatusOf(i) == CellStatus.Pending) await DependenciesDone(i);
    }

    private SweepStatus Status()
    {
        var counts = Enum.GetValues<CellStatus>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => _counts[(int)s]);
        return new SweepStatus(Id, S.Name, S.Cancelled, S.Count, counts, S.Created, silo.SiloAddress.ToParsableString());
    }

    private void StartWatch()
    {
        _watch ??= this.RegisterGrainTimer(Watch, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)) { KeepAlive = true });
    }

    /// <summary>
    /// Running cells on a silo the membership table declares gone go back to Pending (attempt + 1 when restarted);
    /// blocked cells fail; what changed is written.
    /// </summary>
    private async Task Watch(CancellationToken cancel)
    {
        // every 30 s the running cells are asked (as many as busy workers): a lost one-way report is not lost for long
        if (++_ticks % 15 == 0) await Ask(_views.Keys.Where(i => StatusOf(i) == CellStatus.Running).ToList());
        // A delegated cell between two steps runs nowhere (no silo): nothing to recover.
        var running = _views.Where(kv => StatusOf(kv.Key) == CellStatus.Running && kv.Value is { Status: CellStatus.Running, Silo: not null }).ToList();
        foreach (var gone in running.Select(kv => kv.Value.Silo!).Distinct().Where(s => SiloLiveness.IsGone(membership, s)).ToList())
        {
            log.LogWarning("sweep {Sweep}: silo {Silo} is gone; its cells go back to pending", Id, gone);
            var lost = running.Where(kv => kv.Value.Silo == gone).Select(kv => kv.Key).ToList();
            foreach (var i in lost)
            {
                if (DroSteps.IsRoundBased(_cells[i])) await Dro(i).RecoverAsync(gone);
                else await Cell(i).RecoverAsync(gone);
            }
            await Ask(lost);
        }
        if (!S.Cancelled) await FailBlocked();
        Announce();
        await CheckFinished();
        await Flush();
    }

    /// <summary>Write what changed since the last write: the regret pages first, then the state.</summary>
    private async Task Flush()
    {
        if (!S.Submitted) return;
        if (_dirtyPages.Count > 0)
        {
            var (id, pages, regrets) = (Id, _dirtyPages.ToList(), _regrets);
            _dirtyPages.Clear();
            try { await Task.Run(() => { foreach (var p in pages) SweepManifest.WriteRegrets(store, id, p, regrets); }); }
            catch
            {
                _dirtyPages.UnionWith(pages);
                throw;
            }
        }
        if (_dirty) await WriteState();
    }

    private async Task WriteState()
    {
        _dirty = false;
        try { await state.WriteStateAsync(); }
        catch
        {
            _dirty = true;
            throw;
        }
    }

    private async Task CheckFinished()
    {
        if (_reportedFinished || FinishedCount < S.Count) return;
        _reportedFinished = true;
        await Flush();
        await GrainFactory.GetGrain<IClusterIndexGrain>(0).SweepFinishedAsync(Id);
        _watch?.Dispose();
        _watch = null;
    }
}
