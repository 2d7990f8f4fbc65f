using Df2.Learning.Data;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.Synthetic;

/// <summary>
/// The definition of a synthetic task of App. F.2: data from <see cref="SyntheticMixture"/>, decision a ∈ [Lo, Hi]²,
/// cost f(y, a) = Σᵢ c(y[i], a[i]) with the task's <see cref="PiecewiseCost"/>: as a batched tensor
/// expression (<see cref="Objective(Tensor, Tensor)"/>, any device) and as scalars for the exact regret and
/// lower bound. <see cref="SyntheticTask"/> is the decision task built from it and one generated data set.
/// </summary>
public sealed class SyntheticProblem(string name, PiecewiseCost cost, double lo, double hi, string description)
{
    /// <summary>Convex objective of App. F.2: Σᵢ 5(y−a)₊ + 20(a−y)₊ + 0.5(y−a)₊² + 0.2(a−y)₊², a ∈ [−1, 1]².</summary>
    public static readonly SyntheticProblem Convex = new(
        "synthetic-convex", new PiecewiseCost(5, 20, 0.5, 0.2, 0), -1, 1,
        "f = Σ 5(y−a)+ + 20(a−y)+ + 0.5(y−a)+² + 0.2(a−y)+², a ∈ [−1,1]²");

    /// <summary>Non-convex objective of App. F.2: Σᵢ 10(y−a)₊² + 2(a−y)₊² + 4a³, a ∈ [−2, 2]².</summary>
    public static readonly SyntheticProblem NonConvex = new(
        "synthetic-nonconvex", new PiecewiseCost(0, 0, 10, 2, 4), -2, 2,
        "f = Σ 10(y−a)+² + 2(a−y)+² + 4a³, a ∈ [−2,2]²");

    /// <summary>Both problems, in registry order.</summary>
    public static IReadOnlyList<SyntheticProblem> All { get; } = [Convex, NonConvex];

    /// <summary>The problem of a synthetic task name.</summary>
    public static SyntheticProblem Get(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"'{name}' is not a synthetic task; known: {string.Join(", ", All.Select(p => p.Name))}");

    public const int Dim = 2;
    public const int DefaultSize = 5000;

    public string Name { get; } = name;
    public PiecewiseCost Cost { get; } = cost;
    public double Lo { get; } = lo;
    public double Hi { get; } = hi;
    public string Description { get; } = description;

    /// <summary>f(y, a) = Σᵢ c(y[i], a[i]) for one sample (spans of length 2).</summary>
    public double Objective(ReadOnlySpan<double> y, ReadOnlySpan<double> a)
    {
        double total = 0;
        for (int i = 0; i < Dim; i++) total += Cost.Cost(y[i], a[i]);
        return total;
    }

    /// <summary>f(y, a) = Σᵢ c(y[…, i], a[…, i]) batched: y and a broadcast against each other, last dim = 2; returns the leading dims.</summary>
    public Tensor Objective(Tensor y, Tensor a) => Cost.Coefficients.Cost(y, a).sum(-1L);

    /// <summary>Per-sample oracle a*(y) = argmin_{a ∈ box} f(y, a), coordinate by coordinate.</summary>
    public void OracleAction(ReadOnlySpan<double> y, Span<double> a)
    {
        for (int i = 0; i < Dim; i++) a[i] = Cost.OracleAction(y[i], Lo, Hi);
    }

    public SyntheticDataset Generate(int dataSeed, int n) => SyntheticDataset.Generate(dataSeed, n);
}
