namespace Df2.GrainInterfaces;

/// <summary>
/// What the regret table needs of one task × method × variant: the done cells' (seed, data seed, regret) in
/// submission order (the paired tests match on seeds), the failed count, and the cells per state (for the dependency
/// line). <see cref="Dependency"/>: cells other cells depend on (a pre-trained model, not a method; left out of tables).
/// </summary>
[GenerateSerializer, Alias("df2.RegretGroup"), Immutable]
public sealed record RegretGroup(string Task, string Method, string Variant, bool Dependency, int[] Seeds, int[] DataSeeds,
    double[] Regrets, int Failed, Dictionary<string, int> States)
{
    public int N => Regrets.Length;

    /// <summary>Groups of <paramref name="cells"/> in order of first appearance (a dependency cell is one that another cell names).</summary>
    public static List<RegretGroup> From(IReadOnlyList<CellView> cells)
    {
        var dependencies = cells.SelectMany(c => c.Cell.DependsOn ?? []).ToHashSet(StringComparer.Ordinal);
        return cells.GroupBy(c => (c.Task, c.Method, c.Variant, Dependency: dependencies.Contains(c.Key))).Select(g =>
        {
            var done = g.Where(c => c.Status == CellStatus.Done && c.Result is not null).ToList();
            var states = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var c in g) states[c.State] = states.GetValueOrDefault(c.State) + 1;
            return new RegretGroup(g.Key.Task, g.Key.Method, g.Key.Variant, g.Key.Dependency, done.Select(c => c.Seed).ToArray(),
                done.Select(c => c.DataSeed).ToArray(), done.Select(c => c.Result!.Regret).ToArray(), g.Count(c => c.Status == CellStatus.Failed), states);
        }).ToList();
    }
}
