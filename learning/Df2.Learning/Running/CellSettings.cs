using Df2.Learning.Methods;
using Df2.Learning.Tasks;

namespace Df2.Learning.Running;

/// <summary>
/// The validated parameters of one cell: exactly the keys of the settings records its task and its method declare
/// (<see cref="Plugins.ITaskPlugin.Settings"/>, <see cref="Plugins.IMethodPlugin.Settings"/>), read once from
/// <c>CellRequest.Parameters</c> over the task's paper defaults (<see cref="TaskDescriptor.Defaults"/>, for the keys the
/// cell has) and each spec's default, then every record read once (<see cref="SettingsGroup.Read"/>: checks that join
/// keys, such as a UNet description or ddpm_max_iters ≥ ddpm_iters, run here). A key that belongs to another task (e.g.
/// <c>n</c> on wind), a key no record of this cell declares, <c>threads</c>, an out-of-range or malformed value, or a
/// text outside its allowed values throws a <see cref="ParameterException"/> naming the key. Typed values come from the
/// records (<see cref="Get{T}"/>); a record reads only keys the cell declares (<see cref="Int"/>, <see cref="Real"/>,
/// <see cref="Text"/> refuse any other).
/// </summary>
public sealed class CellSettings
{
    private readonly Dictionary<string, string> _values;
    private readonly Dictionary<string, ParameterSpec> _specs;
    private readonly Dictionary<string, object> _records = new(StringComparer.Ordinal);

    public int Seed { get; }
    public int DataSeed { get; }
    public string TaskName { get; }
    public string MethodName { get; }
    /// <summary>The cell's device (<c>cpu</c>, <c>cuda:N</c>), from <see cref="CellRequest.Device"/>.</summary>
    public string Device { get; }

    /// <summary>Every parameter this cell accepts: its task's records, then its method's.</summary>
    public IReadOnlyCollection<ParameterSpec> Specs => _specs.Values;

    public CellSettings(string task, string method, IReadOnlyList<SettingsGroup> methodSettings, IReadOnlyDictionary<string, string>? parameters,
        int seed, int dataSeed, string device = "cpu")
    {
        var descriptor = TaskRegistry.Get(task);
        TaskName = task; MethodName = method; Seed = seed; DataSeed = dataSeed; Device = device;
        IReadOnlyList<SettingsGroup> groups = [.. descriptor.Settings, .. methodSettings];
        _specs = SettingsGroup.Join(groups).ToDictionary(s => s.Key, StringComparer.Ordinal);
        _values = descriptor.Defaults.Where(kv => _specs.ContainsKey(kv.Key)).ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in parameters ?? new Dictionary<string, string>())
        {
            if (!_specs.ContainsKey(key)) throw Unknown(key, task, method);
            _values[key] = value;
        }
        foreach (var spec in _specs.Values) spec.Check(_values);   // throws naming key and value
        foreach (var group in groups) _records.TryAdd(group.Name, group.Read(this));
    }

    /// <summary>The settings of a cell of one of the core's methods (<see cref="MethodRegistry"/>), keys of its other methods ignored (<see cref="WithoutOtherMethods"/>).</summary>
    public static CellSettings Of(string task, string method, IReadOnlyDictionary<string, string>? parameters, int seed, int dataSeed, string device = "cpu")
    {
        var settings = MethodRegistry.Get(method).Settings;
        var own = TaskRegistry.Get(task).Settings.Concat(settings);
        return new(task, method, settings, WithoutOtherMethods(parameters, own, MethodRegistry.All.SelectMany(m => m.Settings)), seed, dataSeed, device);
    }

    /// <summary>
    /// The parameters without the keys that only other methods declare: a sweep's <c>defaults</c> apply to every method of
    /// the sweep, so a cell ignores another method's keys (S for two-stage-pe). Other tasks' keys and unknown keys stay, and
    /// the cell refuses them.
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithoutOtherMethods(IReadOnlyDictionary<string, string>? parameters,
        IEnumerable<SettingsGroup> own, IEnumerable<SettingsGroup> methods)
    {
        var mine = own.SelectMany(g => g.Specs).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var others = methods.SelectMany(g => g.Specs).Select(s => s.Key).Where(k => !mine.Contains(k)).ToHashSet(StringComparer.Ordinal);
        return (parameters ?? new Dictionary<string, string>()).Where(kv => !others.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);
    }

    private ParameterException Unknown(string key, string task, string method)
    {
        if (key == "threads")
            return new(key, "parameter 'threads' is not a cell parameter: the host sets libtorch's threads per worker slot (max(1, cores / slots))");
        var known = string.Join(", ", _specs.Keys.Order(StringComparer.Ordinal));
        var owners = TaskRegistry.All.Where(t => t.Name != task && t.Settings.Any(g => g.Specs.Any(s => s.Key == key))).Select(t => t.Name).ToList();
        return owners.Count > 0
            ? new(key, $"parameter '{key}' is not known to task '{task}' (it belongs to task {string.Join(", ", owners)}); known: {known}")
            : new(key, $"parameter '{key}' is not known to task '{task}' / method '{method}'; known: {known}");
    }

    /// <summary>A settings record of this cell (read once, when the cell was validated).</summary>
    public T Get<T>() where T : ISettingsRecord<T> =>
        _records.TryGetValue(T.Group.Name, out var record) ? (T)record
        : throw new InvalidOperationException($"{TaskName}/{MethodName} reads settings record '{T.Group.Name}', which neither its task nor its method declares");

    /// <summary>True when the cell (or its task's defaults) gives a value for the key; false when the spec's default applies.</summary>
    public bool Given(string key)
    {
        _ = Spec(key);   // a key the cell does not declare throws, as a read would
        return _values.ContainsKey(key);
    }

    public int Int(string key) => Spec(key).ReadInt(_values);
    public double Real(string key) => Spec(key).Read(_values);
    /// <summary>A text parameter's value, or its default.</summary>
    public string Text(string key) => Spec(key).ReadText(_values);
    /// <summary>A text parameter's value, or null when it is not given and has no default.</summary>
    public string? TextOrNull(string key) => Text(key) is { Length: > 0 } v ? v : null;

    private ParameterSpec Spec(string key) =>
        _specs.GetValueOrDefault(key) ?? throw new InvalidOperationException($"{TaskName}/{MethodName} reads parameter '{key}', which none of its settings records declares");
}
