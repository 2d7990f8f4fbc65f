namespace Df2.Specs;

/// <summary>
/// One enumerated cell of a sweep: task × method × variant × seed × data seed, with the merged
/// parameters (defaults ∪ task params ∪ method params ∪ variant values, later wins) and the
/// source positions of each parameter so validation errors can name the spec line.
/// </summary>
public sealed record CellSpec(
    string Key,
    string Task,
    string Method,
    string Variant,
    IReadOnlyDictionary<string, string> Parameters,
    int Seed,
    int DataSeed)
{
    /// <summary>Spec positions: "task", "method" and each parameter key → where it was written.</summary>
    public IReadOnlyDictionary<string, SpecLocation> Where { get; init; } = new Dictionary<string, SpecLocation>();

    /// <summary>Keys of the cells (of the same sweep, listed earlier) that must be done before this one runs.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The executor's step plan (<c>ICellExecutor.Halves</c>): 0 = one unit of work, n &gt; 0 = n halves and an evaluation.</summary>
    public int Halves { get; init; }

    /// <summary>The cell as the learning core sees it.</summary>
    public Df2.Learning.Running.CellRequest Request() => new(Task, Method, Parameters, Seed, DataSeed);
}

/// <summary>Stable cell keys: <c>{task}/{method}[{variant}]/seed={seed}/data={dataSeed}</c>.</summary>
public static class CellKey
{
    public static string Format(string task, string method, string variant, int seed, int dataSeed) =>
        $"{task}/{method}{(variant.Length == 0 ? "" : $"[{variant}]")}/seed={seed}/data={dataSeed}";

    /// <summary>Variant label: keys sorted ordinally, <c>key=value</c> joined by commas; empty when no variants.</summary>
    public static string VariantLabel(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Join(",", values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
