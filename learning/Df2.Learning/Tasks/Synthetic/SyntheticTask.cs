using Df2.Kernels.Ops;
using Df2.Learning.Data;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Metrics;
using Df2.Learning.Solvers;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.Synthetic;

/// <summary>
/// A synthetic task of App. F.2 as a decision task: one-step windows (sequence length 1, 2 features x ∈ [−1, 1]²),
/// y ∈ ℝ², a ∈ [Lo, Hi]², f(y, a) = Σᵢ c(y[i], a[i]) with the problem's <see cref="PiecewiseCost"/>, data from
/// <see cref="SyntheticDataset"/> (random 70/15/15 split of n pairs, each split in row order). Training costs are
/// the float32 tensor expression of the cost (<see cref="PairCosts"/>), DF2's eq. 4 the fused
/// <see cref="WeightedSeparableCost"/> kernel like every separable task (<c>fused = 0</c>: plain libtorch broadcasting), and the task knows
/// its exact lower bound (<see cref="BayesDecision"/> under the true mixture). SO-EBM's box proposal variances are
/// 0.02 / 0.05 / 0.1 (the paper gives none for these tasks; the wind task's values).
/// </summary>
public sealed class SyntheticTask(SyntheticProblem problem, SyntheticDataset dataset, int dataSeed, CostPath path, ProjectedAdamSolver solver)
    : SeparableBoxTask(problem.Name, problem.Cost, problem.Cost.Coefficients.Cost, problem.Cost.ExpectedOnTensors, problem.Lo, problem.Hi,
        Splits(dataset, dataSeed), 1, SyntheticProblem.Dim, SyntheticProblem.Dim, solver, [0.02, 0.05, 0.1], path),
      ILowerBoundTask
{
    public SyntheticProblem Problem { get; } = problem;
    public SyntheticDataset Dataset { get; } = dataset;

    /// <summary>Σᵢ c(y[..., s, i], a[..., p, i]) as the float32 tensor expression (broadcast over [..., P, S, 2]).</summary>
    public override Tensor PairCosts(Tensor y, Tensor a) => Problem.Objective(y.to(ScalarType.Float32).unsqueeze(-3), a.to(ScalarType.Float32).unsqueeze(-2));

    /// <summary>The mean regret of the Bayes decision on the first <paramref name="rows"/> test windows (cached per data set).</summary>
    public double LowerBound(int rows) => Regret.LowerBound(Problem, Dataset, dataSeed, Dataset.TestIndex[..rows]);

    private static TaskData Splits(SyntheticDataset d, int dataSeed) => new(
        Split(d, d.TrainIndex), Split(d, d.ValIndex), Split(d, d.TestIndex),
        $"synthetic mixture (eq. 12) of data seed {dataSeed}, n = {d.Count}, random 70/15/15 split");

    private static WindowedSplit Split(SyntheticDataset d, int[] rows)
    {
        int dim = SyntheticProblem.Dim;
        var x = new double[rows.Length * dim];
        var y = new double[rows.Length * dim];
        for (int r = 0; r < rows.Length; r++)
        {
            Array.Copy(d.X, rows[r] * dim, x, r * dim, dim);
            Array.Copy(d.Y, rows[r] * dim, y, r * dim, dim);
        }
        return new WindowedSplit(x, y, rows.Length);
    }
}
