namespace Df2.Specs;

/// <summary>A task listed in a sweep, with its own parameters.</summary>
public sealed record TaskEntry(string Name, IReadOnlyDictionary<string, string> Params, SpecLocation Where,
    IReadOnlyDictionary<string, SpecLocation> ParamWhere);

/// <summary>
/// A method listed in a sweep. <see cref="Variants"/> maps a key to the list of values; the sweep
/// takes the cartesian product of the lists, each combination being one variant (label <c>k=3</c>).
/// </summary>
public sealed record MethodEntry(string Name, IReadOnlyDictionary<string, string> Params,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Variants, SpecLocation Where,
    IReadOnlyDictionary<string, SpecLocation> ParamWhere);

/// <summary>
/// A parsed sweep spec (YAML, see README): tasks × methods(+variants) × seeds × data seeds,
/// with defaults applied to every cell. <see cref="Source"/> is the file name used in errors.
/// </summary>
public sealed record SweepSpec(
    string Name,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<int> DataSeeds,
    IReadOnlyDictionary<string, string> Defaults,
    IReadOnlyDictionary<string, SpecLocation> DefaultsWhere,
    IReadOnlyList<TaskEntry> Tasks,
    IReadOnlyList<MethodEntry> Methods,
    string Source,
    string Text);
