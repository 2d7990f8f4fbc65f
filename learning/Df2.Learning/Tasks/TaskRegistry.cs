namespace Df2.Learning.Tasks;

/// <summary>Every task by name; tests and sweeps enumerate <see cref="Names"/>.</summary>
public static class TaskRegistry
{
    /// <summary>Convex objective of App. F.2: Σᵢ 5(y−a)₊ + 20(a−y)₊ + 0.5(y−a)₊² + 0.2(a−y)₊², a ∈ [−1, 1]².</summary>
    public static readonly SyntheticTask SyntheticConvex = new(
        "synthetic-convex", new PiecewiseCost(5, 20, 0.5, 0.2, 0), -1, 1,
        "f = Σ 5(y−a)+ + 20(a−y)+ + 0.5(y−a)+² + 0.2(a−y)+², a ∈ [−1,1]²");

    /// <summary>Non-convex objective of App. F.2: Σᵢ 10(y−a)₊² + 2(a−y)₊² + 4a³, a ∈ [−2, 2]².</summary>
    public static readonly SyntheticTask SyntheticNonConvex = new(
        "synthetic-nonconvex", new PiecewiseCost(0, 0, 10, 2, 4), -2, 2,
        "f = Σ 10(y−a)+² + 2(a−y)+² + 4a³, a ∈ [−2,2]²");

    private static readonly Dictionary<string, SyntheticTask> ByName = new[] { SyntheticConvex, SyntheticNonConvex }
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Parameters every task accepts: n = number of (x, y) pairs (paper 5000).</summary>
    public static readonly ParameterSpec[] Parameters =
    [
        ParameterSpec.Int("n", SyntheticTask.DefaultSize, 20, 10_000_000, "number of (x, y) pairs, split 70/15/15"),
    ];

    public static IReadOnlyList<string> Names { get; } = ByName.Keys.ToArray();

    public static SyntheticTask Get(string name) =>
        ByName.TryGetValue(name, out var t)
            ? t
            : throw new ArgumentException($"task '{name}' is unknown; known: {string.Join(", ", Names)}");
}
