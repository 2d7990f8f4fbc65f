using Df2.Learning.Running;

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

    /// <summary>Validates a cell: the pair fits, then the method's own checks (parameters, device).</summary>
    public void Validate(CellRequest request) => MethodFor(request).Validate(request);

    /// <summary>The dependency cells of a cell, as its method names them.</summary>
    public IReadOnlyList<CellDependency> Dependencies(CellRequest request) => MethodFor(request).Dependencies(request);

    /// <summary>A whole cell in this process through its method's plug-in (the same call a worker makes).</summary>
    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel) =>
        MethodFor(request).Run(request, checkpoints, progress, cancel);

    /// <summary>Flags as "A + B" (e.g. "Windows + DecisionCost + SeparableBox").</summary>
    public static string Describe(TaskOffer offers) =>
        offers == TaskOffer.None ? "nothing" : string.Join(" + ", Enum.GetValues<TaskOffer>().Where(f => f != TaskOffer.None && offers.HasFlag(f)));
}
