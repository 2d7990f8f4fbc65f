using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Plugins;

/// <summary>
/// Every task and method by name, and the (method, task) pairs that fit: a method fits a task when one of its
/// <see cref="IMethodPlugin.Needs"/> is a subset of the task's <see cref="ITaskPlugin.Offers"/>. One name may have several
/// plug-ins when the papers use it for one idea on different kinds of task (dfl: DF2's GMM through an SAA argmin on a
/// decision-cost task, 3D-Learning's point forecast through a closed-form decision); their needs must not overlap, so a
/// (name, task) pair always selects one plug-in, by what the task offers and never by its name. Validation of a cell asks
/// the catalog: unknown task, unknown method, a method that does not fit the task, then the method's own checks. Tests run
/// a tiny cell of every pair in <see cref="Pairs"/>, so a new plug-in is tested without a list.
/// </summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, ITaskPlugin> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IMethodPlugin>> _methods = new(StringComparer.Ordinal);
    private readonly SettingsGroup[] _allMethodSettings;

    public PluginCatalog(IEnumerable<ITaskPlugin> tasks, IEnumerable<IMethodPlugin> methods)
    {
        Tasks = [.. tasks];
        TaskNames = [.. Tasks.Select(t => t.Name)];
        Methods = [.. methods];
        foreach (var t in Tasks)
            if (!_tasks.TryAdd(t.Name, t)) throw new ArgumentException($"task '{t.Name}' is registered twice");
        foreach (var m in Methods)
        {
            if (!_methods.TryGetValue(m.Name, out var variants)) _methods[m.Name] = variants = [];
            variants.Add(m);
        }
        foreach (var (name, variants) in _methods)
        {
            if (variants.Select(v => v.ProducesArtifact).Distinct().Count() > 1)
                throw new ArgumentException($"method '{name}': its plug-ins disagree on whether it is a dependency cell");
            foreach (var t in Tasks)
                if (variants.Count(v => Fits(v, t)) > 1)
                    throw new ArgumentException($"method '{name}' has more than one plug-in that fits task '{t.Name}'");
        }
        MethodNames = [.. _methods.Where(kv => !kv.Value[0].ProducesArtifact).Select(kv => kv.Key)];
        DependencyNames = [.. _methods.Where(kv => kv.Value[0].ProducesArtifact).Select(kv => kv.Key)];
        Pairs = [.. from m in MethodNames from t in Tasks where _methods[m].Any(v => Fits(v, t)) select (m, t.Name)];
        _allMethodSettings = [.. Methods.SelectMany(m => m.Settings).Distinct()];
    }

    public IReadOnlyList<ITaskPlugin> Tasks { get; }

    /// <summary>Every method plug-in, the dependency cells' (<see cref="IMethodPlugin.ProducesArtifact"/>) included.</summary>
    public IReadOnlyList<IMethodPlugin> Methods { get; }

    public IReadOnlyList<string> TaskNames { get; }

    /// <summary>The methods a spec may list, in registry order (every method but the dependency cells).</summary>
    public IReadOnlyList<string> MethodNames { get; }

    /// <summary>The dependency cells the sweep adds (a spec does not list them).</summary>
    public IReadOnlyList<string> DependencyNames { get; }

    /// <summary>Every (method, task) pair that fits: methods in registry order, then tasks in registry order.</summary>
    public IReadOnlyList<(string Method, string Task)> Pairs { get; }

    /// <summary>True when <paramref name="method"/> is a paper's proposed method (<see cref="IMethodPlugin.Proposed"/>); false for a name the catalog does not know.</summary>
    public bool IsProposed(string method) => _methods.TryGetValue(method, out var variants) && variants.Any(v => v.Proposed);

    public static bool Fits(IMethodPlugin method, ITaskPlugin task) => method.Needs.Any(n => (task.Offers & n) == n);

    public ITaskPlugin Task(string name) =>
        _tasks.GetValueOrDefault(name) ?? throw new ArgumentException($"task '{name}' is unknown; known: {string.Join(", ", TaskNames)}");

    /// <summary>The plug-ins registered under a method name.</summary>
    public IReadOnlyList<IMethodPlugin> Variants(string name) =>
        _methods.GetValueOrDefault(name) ?? throw new ArgumentException($"method '{name}' is unknown; known: {string.Join(", ", MethodNames)}");

    /// <summary>The plug-in that runs a cell: the method's one that fits the task; throws naming the task, the method or the missing offers.</summary>
    public IMethodPlugin MethodFor(CellRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var task = Task(request.Task);
        var variants = Variants(request.Method);
        return variants.SingleOrDefault(v => Fits(v, task))
            ?? throw new ArgumentException($"method '{request.Method}' does not fit task '{task.Name}': it needs " +
                                           $"{string.Join(" or ", variants.SelectMany(v => v.Needs).Select(Describe))}; the task offers {Describe(task.Offers)}");
    }

    /// <summary>
    /// The plug-in that runs a cell (<see cref="MethodFor"/>) and the request it sees: the cell's parameters without the keys
    /// that only other methods' settings records declare (a sweep's <c>defaults</c> apply to every method, so <c>S</c> reaches
    /// two-stage-pe and <c>adv_lr</c> reaches dfl). Every call into a plug-in goes through here; another task's key or an
    /// unknown key stays, and the cell refuses it.
    /// </summary>
    public (IMethodPlugin Method, CellRequest Request) Bind(CellRequest request)
    {
        var method = MethodFor(request);
        var own = Task(request.Task).Settings.Concat(method.Settings);
        return (method, request with { Parameters = CellSettings.WithoutOtherMethods(request.Parameters, own, _allMethodSettings) });
    }

    /// <summary>Validates a cell: the pair fits, then the method's own checks (parameters, device).</summary>
    public void Validate(CellRequest request)
    {
        var (method, bound) = Bind(request);
        method.Validate(bound);
    }

    /// <summary>The dependency cells of a cell, as its method names them.</summary>
    public IReadOnlyList<CellDependency> Dependencies(CellRequest request)
    {
        var (method, bound) = Bind(request);
        return method.Dependencies(bound);
    }

    /// <summary>How many halves a cell runs: its round-based method's count, else 0 (one unit of work).</summary>
    public int Halves(CellRequest request) => Bind(request) is (IRoundBasedMethod rounds, var bound) ? rounds.Halves(bound) : 0;

    /// <summary>A whole cell in this process through its method's plug-in (the same call a worker makes).</summary>
    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var (method, bound) = Bind(request);
        return method.Run(bound, checkpoints, progress, cancel);
    }

    /// <summary>Half <paramref name="finishedHalves"/> + 1 of a round-based cell.</summary>
    public DroHalfOutcome RunHalf(CellRequest request, int finishedHalves, byte[]? state, CancellationToken cancel)
    {
        var (rounds, bound) = Rounds(request);
        return rounds.RunHalf(bound, finishedHalves, state, cancel);
    }

    /// <summary>A round-based cell's metrics from the state after its last half.</summary>
    public CellMetrics Evaluate(CellRequest request, byte[] state, CancellationToken cancel)
    {
        var (rounds, bound) = Rounds(request);
        return rounds.Evaluate(bound, state, cancel);
    }

    private (IRoundBasedMethod Method, CellRequest Request) Rounds(CellRequest request) =>
        Bind(request) is (IRoundBasedMethod rounds, var bound) ? (rounds, bound)
        : throw new CellFailedException($"{request.Task}/{request.Method} is not a round-based method: it runs as one unit");

    /// <summary>Flags as "A + B" (e.g. "Windows + DecisionCost + SeparableBox").</summary>
    public static string Describe(TaskOffer offers) =>
        offers == TaskOffer.None ? "nothing" : string.Join(" + ", Enum.GetValues<TaskOffer>().Where(f => f != TaskOffer.None && offers.HasFlag(f)));
}
