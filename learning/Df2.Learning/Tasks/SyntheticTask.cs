using Df2.Learning.Data;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>
/// A synthetic task of App. F.2: data from <see cref="SyntheticMixture"/>, decision a ∈ [Lo, Hi]²,
/// cost f(y, a) = Σᵢ c(y[i], a[i]) with the task's <see cref="PiecewiseCost"/>: as a batched tensor
/// expression for training (<see cref="Objective(Tensor, Tensor)"/>, any device) and as scalars for the
/// exact regret and lower bound.
/// </summary>
public sealed class SyntheticTask(string name, PiecewiseCost cost, double lo, double hi, string description)
{
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
