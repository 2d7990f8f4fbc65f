using Df2.Learning.Data;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.RealWorld.Core;

/// <summary>
/// A task with f(y, a) = Σᵢ c(y[i], a[i]), a ∈ [Lo, Hi]^D, one input feature per time step
/// (wind, inventory). Test-time solver: the shared projected-Adam solver (App. F: lr 0.1,
/// 500 iterations for these tasks) run per coordinate with the shared multi-start rule; since f is
/// separable and Adam is elementwise this equals the joint run. <paramref name="batchedCost"/> is c as an
/// elementwise tensor expression (broadcasting y and a), from which <see cref="PairCosts"/> sums the coordinates;
/// <paramref name="batchedExpected"/> is E c(Y, a) and its a-derivative for Y ~ N(mean, std²) on tensors (DFL's smoothed SAA).
/// </summary>
public abstract class SeparableBoxTask(string name, ICoordinateCost cost, Func<Tensor, Tensor, Tensor> batchedCost,
    Func<Tensor, double, Tensor, (Tensor Value, Tensor Slope)> batchedExpected, double lo, double hi, WindowedSeries series,
    ProjectedAdamSolver solver, string notes) : IRealWorldTask
{
    public string Name { get; } = name;
    public int SeqLen { get; } = series.InputLength;
    public int StepFeatures => 1;
    public int YDim { get; } = series.OutputLength;
    public int ADim => YDim;
    public RealWorldData Data { get; } = new(series.Train, series.Val, series.Test, notes);
    public ICoordinateCost? Separable => cost;
    public double Lo { get; } = lo;
    public double Hi { get; } = hi;
    public ProjectedAdamSolver Solver { get; } = solver;
    /// <summary>(E c(Y, a), d/da E c(Y, a)) for Y ~ N(mean, std²), elementwise on tensors.</summary>
    public Func<Tensor, double, Tensor, (Tensor Value, Tensor Slope)> BatchedExpected { get; } = batchedExpected;

    public double Cost(ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY)
    {
        double total = 0;
        for (int i = 0; i < YDim; i++)
        {
            total += cost.Cost(y[i], a[i]);
            if (!gradA.IsEmpty) gradA[i] = cost.DCostDa(y[i], a[i]);
            if (!gradY.IsEmpty) gradY[i] = cost.DCostDy(y[i], a[i]);
        }
        return total;
    }

    /// <summary>
    /// Σᵢ c(y[..., s, i], a[..., p, i]): on the CPU the fused <see cref="SeparablePairCostFunction"/>, elsewhere (and as
    /// its reference, <see cref="BroadcastPairCosts"/>) the elementwise expression broadcast over [..., P, S, D].
    /// </summary>
    public Tensor PairCosts(Tensor y, Tensor a)
    {
        if (y.device_type != DeviceType.CPU) return BroadcastPairCosts(y, a);
        var lead = y.shape[..^2];
        var c = SeparablePairCostFunction.Apply(cost, y.reshape(-1, y.shape[^2], YDim), a.reshape(-1, a.shape[^2], ADim));
        return c.reshape([.. lead, a.shape[^2], y.shape[^2]]);
    }

    /// <summary>The plain-torch pairwise cost: y [..., 1, S, D] broadcast against a [..., P, 1, D], summed over D.</summary>
    public Tensor BroadcastPairCosts(Tensor y, Tensor a) => batchedCost(y.unsqueeze(-3), a.unsqueeze(-2)).sum(-1L);

    public void Oracle(ReadOnlySpan<double> y, Span<double> a)
    {
        for (int i = 0; i < YDim; i++) a[i] = cost.OracleAction(y[i], Lo, Hi);
    }

    public void SampleAction(DataRng rng, Span<double> a)
    {
        for (int i = 0; i < a.Length; i++) a[i] = rng.Uniform(Lo, Hi);
    }

    public Tensor ToAction(Tensor logits) => logits.sigmoid() * (float)(Hi - Lo) + (float)Lo;

    public double[] Solve(double[] scenarios, double[] weights, CancellationToken cancel)
    {
        int m = weights.Length;
        var a = new double[YDim];
        var column = new double[m];
        for (int i = 0; i < YDim; i++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int s = 0; s < m; s++) column[s] = scenarios[s * YDim + i];
            a[i] = Solver.SolveCoordinate(cost, Lo, Hi, column, weights);
        }
        return a;
    }
}
