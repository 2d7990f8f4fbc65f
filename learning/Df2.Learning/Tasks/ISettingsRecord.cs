using Df2.Learning.Running;

namespace Df2.Learning.Tasks;

/// <summary>
/// A typed settings record that a task or method owns: its parameters (<see cref="Group"/>: keys, types, ranges, defaults,
/// meanings) and how it reads itself from a cell's validated values (<see cref="Read"/>, where checks that join several keys
/// live). A plug-in declares the records it reads (<see cref="Plugins.IMethodPlugin.Settings"/>,
/// <see cref="Plugins.ITaskPlugin.Settings"/>); a cell accepts exactly their keys, and docs/parameters.md is generated from them.
/// </summary>
public interface ISettingsRecord<TSelf> where TSelf : ISettingsRecord<TSelf>
{
    static abstract SettingsGroup Group { get; }

    static abstract TSelf Read(CellSettings s);
}

/// <summary>The parameters of one settings record, by the record's name, and the record's reader (<see cref="ISettingsRecord{TSelf}.Read"/>).</summary>
public sealed record SettingsGroup(string Name, string Description, IReadOnlyList<ParameterSpec> Specs, Func<CellSettings, object> Read)
{
    /// <summary>
    /// The specs of several groups, each key once: two groups may share a spec (the same object, e.g. <c>batch</c> of the DFL
    /// predictor and its baselines), never declare one key twice in different ways.
    /// </summary>
    public static IReadOnlyList<ParameterSpec> Join(IEnumerable<SettingsGroup> groups)
    {
        var byKey = new Dictionary<string, ParameterSpec>(StringComparer.Ordinal);
        foreach (var spec in groups.SelectMany(g => g.Specs))
        {
            if (byKey.TryGetValue(spec.Key, out var seen) && seen != spec)
                throw new ArgumentException($"parameter '{spec.Key}' is declared twice with different meanings ({string.Join(", ", groups.Where(g => g.Specs.Any(s => s.Key == spec.Key)).Select(g => g.Name))})");
            byKey[spec.Key] = spec;
        }
        return [.. byKey.Values];
    }
}
