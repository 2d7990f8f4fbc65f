using System.Security.Cryptography;
using System.Text;

namespace Df2.Specs;

/// <summary>
/// Expands a spec into its exact, ordered list of cells
/// (data seed × seed × task × method × variant, seed-major) and computes a stable sweep id.
/// </summary>
public static class SweepExpander
{
    /// <summary>The most cells a spec may expand to: <c>DF2_MAX_CELLS</c>, default 1,000,000.</summary>
    public static long MaxCells { get; } =
        long.TryParse(Environment.GetEnvironmentVariable("DF2_MAX_CELLS"), out var max) && max > 0 ? max : 1_000_000;

    /// <summary>tasks × Σ_methods (variant combinations) × data seeds × seeds, counted without expanding.</summary>
    public static long Count(SweepSpec spec) =>
        spec.Tasks.Count * spec.Methods.Sum(m => m.Variants.Aggregate(1L, (n, v) => n * v.Value.Count)) * spec.DataSeeds.Count * spec.Seeds.Count;

    public static IReadOnlyList<CellSpec> Expand(SweepSpec spec)
    {
        long count = Count(spec);
        if (count > MaxCells)
        {
            // point at the seeds line, the usual multiplier (the YAML parser keeps no position for it)
            var lines = spec.Text.Split('\n');
            int line = Array.FindIndex(lines, l => l.TrimStart().StartsWith("seeds:", StringComparison.Ordinal)) + 1;
            int column = line > 0 ? lines[line - 1].IndexOf("seeds:", StringComparison.Ordinal) + 1 : 0;
            throw new SweepSpecException(spec.Source, "seeds", line, column,
                $"the spec expands to {count:N0} cells ({spec.Tasks.Count} tasks × {spec.Methods.Count} methods with their variants × " +
                $"{spec.DataSeeds.Count} data seeds × {spec.Seeds.Count} seeds), more than the limit of {MaxCells:N0} (DF2_MAX_CELLS)");
        }
        var cells = new List<CellSpec>((int)count);
        // Seed-major: every cell of (data seed 0, seed 0) comes first, then the next seed, …, and the sweep hands cells
        // out in this order, so a sweep stopped early (or still running) has whole seeds for its table.
        foreach (var dataSeed in spec.DataSeeds)
            foreach (var seed in spec.Seeds)
                foreach (var task in spec.Tasks)
                    foreach (var method in spec.Methods)
                        foreach (var variant in Combinations(method.Variants))
                        {
                            var prm = new Dictionary<string, string>(StringComparer.Ordinal);
                            var where = new Dictionary<string, SpecLocation>(StringComparer.Ordinal)
                            {
                                ["task"] = task.Where,
                                ["method"] = method.Where,
                            };
                            Merge(prm, where, spec.Defaults, spec.DefaultsWhere);
                            Merge(prm, where, task.Params, task.ParamWhere);
                            Merge(prm, where, method.Params, method.ParamWhere);
                            foreach (var (k, v) in variant)
                            {
                                prm[k] = v;
                                if (method.ParamWhere.TryGetValue(k, out var w)) where[k] = w;
                            }
                            var label = CellKey.VariantLabel(variant);
                            cells.Add(new CellSpec(CellKey.Format(task.Name, method.Name, label, seed, dataSeed),
                                task.Name, method.Name, label, prm, seed, dataSeed) { Where = where });
                        }
        return cells;
    }

    private static void Merge(Dictionary<string, string> prm, Dictionary<string, SpecLocation> where,
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, SpecLocation> locs)
    {
        foreach (var (k, v) in values)
        {
            prm[k] = v;
            if (locs.TryGetValue(k, out var w)) where[k] = w;
        }
    }

    private static IEnumerable<List<KeyValuePair<string, string>>> Combinations(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> variants)
    {
        IEnumerable<List<KeyValuePair<string, string>>> acc = [[]];
        foreach (var (key, values) in variants)
            acc = acc.SelectMany(prefix => values.Select(v => new List<KeyValuePair<string, string>>(prefix) { new(key, v) })).ToList();
        return acc;
    }

    /// <summary>
    /// Stable sweep id: <c>{name}-{first 12 hex of SHA-256 over the cell keys and their sorted parameters}</c>.
    /// The same spec (same cells, same parameters) always maps to the same id, which is what lets a re-run resume.
    /// </summary>
    public static string SweepId(string name, IReadOnlyList<CellSpec> cells)
    {
        var sb = new StringBuilder();
        foreach (var c in cells.OrderBy(c => c.Key, StringComparer.Ordinal))   // the hand-out order is not part of a sweep's identity
        {
            sb.Append(c.Key).Append('|');
            foreach (var (k, v) in c.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal)) sb.Append(k).Append('=').Append(v).Append(';');
            sb.Append('\n');
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()))).ToLowerInvariant();
        return $"{name}-{hash[..12]}";
    }
}
