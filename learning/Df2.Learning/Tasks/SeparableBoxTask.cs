using Df2.Kernels.Ops;
using Df2.Learning.Data;
using Df2.Learning.Solvers;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>
/// A task with f(y, a) = Σᵢ c(y[i], a[i]), a ∈ [Lo, Hi]^D (the synthetic tasks: one step of 2 features;
/// wind, inventory: one input feature per time step). Test-time solver: the shared projected-Adam solver (App. F: lr 0.1,
/// 500 iterations for these tasks) run per coordinate with the shared multi-start rule; since f is
/// separable and Adam is elementwise this equals the joint run. <paramref name="batchedCost"/> is c as an
/// elementwise tensor expression (broadcasting y and a), from which <see cref="PairCosts"/> sums the coordinates;
/// <paramref name="batchedExpected"/> is E c(Y, a) and its a-derivative for Y ~ N(mean, std²) on tensors (DFL's smoothed SAA).
/// <paramref name="proposalVariances"/> are SO-EBM's box proposal variances for this task (App. F.3 / F.5).
/// DF2's eq. 4 (<see cref="WeightedPairCosts"/>) runs the fused <see cref="WeightedSeparableCost"/> kernel whenever the
/// cost declares its kernel form (<see cref="ICoordinateCost.Fused"/>), by <paramref name="path"/> (the cell parameter
/// <c>fused</c>: Auto = SIMD for float32 on the CPU, plain libtorch otherwise; Plain = always libtorch).
/// </summary>
public abstract class SeparableBoxTask(string name, ICoordinateCost cost, Func<Tensor, Tensor, Tensor> batchedCost,
    Func<Tensor, double, Tensor, (Tensor Value, Tensor Slope)> batchedExpected, double lo, double hi, TaskData data,
    int seqLen, int stepFeatures, int yDim, ProjectedAdamSolver solver, double[] proposalVariances,
    CostPath path) : IDecisionTask
{
    public string Name { get; } = name;
    public int SeqLen { get; } = seqLen;
    public int StepFeatures { get; } = stepFeatures;
    public int YDim { get; } = yDim;
    public int ADim => YDim;
    public TaskData Data { get; } = data;
    public ICoordinateCost? Separable => cost;
    /// <summary>SO-EBM proposal variances of the box candidates.</summary>
    public IReadOnlyList<double> ProposalVariances { get; } = proposalVariances;
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
    public virtual Tensor PairCosts(Tensor y, Tensor a)
    {
        if (y.device_type != DeviceType.CPU) return BroadcastPairCosts(y, a);
        var lead = y.shape[..^2];
        var c = SeparablePairCostFunction.Apply(cost, y.reshape(-1, y.shape[^2], YDim), a.reshape(-1, a.shape[^2], ADim));
        return c.reshape([.. lead, a.shape[^2], y.shape[^2]]);
    }

    /// <summary>How DF2's eq. 4 is evaluated (<see cref="CostPath"/>).</summary>
    public CostPath Path { get; } = path;

    /// <summary>
    /// Eq. 4, g[b, j] = Σ_s w[b, s] Σᵢ c(v[s, i], a[b, j, i]): the fused kernel for a cost with a kernel form, else
    /// <see cref="PairCosts"/> contracted with the weights.
    /// </summary>
    public Tensor WeightedPairCosts(Tensor values, Tensor weights, Tensor actions) => cost.Fused is { } fused
        ? WeightedSeparableCost.Apply(fused, values, weights, actions, Path)
        : IDecisionTask.PairCostMixture(this, values, weights, actions);

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
