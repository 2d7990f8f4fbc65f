using Df2.Learning.Data;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>
/// A decision task (the synthetic tasks of App. F.2 as one-step windows, wind / inventory / vaccine of
/// App. F.3–F.5): windows x [SeqLen, StepFeatures], targets y [YDim],
/// decisions a [ADim] in the task's constraint set C, cost f(y, a) (minimised) with its gradients,
/// the per-sample oracle a*(y), uniform action sampling over C (DF2's eq. 2) and the shared
/// test-time solver (the same for every method).
/// </summary>
public interface IDecisionTask
{
    string Name { get; }
    int SeqLen { get; }
    int StepFeatures { get; }
    int YDim { get; }
    int ADim { get; }
    TaskData Data { get; }

    /// <summary>The task's own test protocol (<see cref="ITestProtocolTask"/>), or null: scored by the mean regret on <see cref="TaskData.Test"/>.</summary>
    ITestProtocolTask? Protocol => null;

    /// <summary>Coordinate cost when f(y, a) = Σᵢ c(y[i], a[i]) on a box [Lo, Hi]^D (wind, inventory); null otherwise.</summary>
    ICoordinateCost? Separable { get; }

    /// <summary>f(y, a) in double precision (the regret's reference); gradients written to <paramref name="gradA"/> / <paramref name="gradY"/> when non-empty.</summary>
    double Cost(ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY);

    /// <summary>
    /// The batched cost on any device: out[..., p, s] = f(y[..., s, :], a[..., p, :]) for scenarios y [..., S, YDim] and
    /// actions a [..., P, ADim] with the same leading dims, differentiable in both (training losses; same values as
    /// <see cref="Cost"/> up to the tensors' precision).
    /// </summary>
    Tensor PairCosts(Tensor y, Tensor a);

    /// <summary>a*(y) = argmin_{a ∈ C} f(y, a) with y known (the regret's oracle).</summary>
    void Oracle(ReadOnlySpan<double> y, Span<double> a);

    /// <summary>One action uniform over C (box: per coordinate; budget simplex: Dirichlet(1)·Budget).</summary>
    void SampleAction(DataRng rng, Span<double> a);

    /// <summary>Maps unconstrained network outputs [B, ADim] into C (box: lo + (hi−lo)σ(z); simplex: Budget·softmax(z)).</summary>
    Tensor ToAction(Tensor logits);

    /// <summary>
    /// Test-time solver: argmin_{a ∈ C} Σ_m w[m] f(y_m, a) for scenarios [M, YDim] and weights [M]
    /// (DF2: attention points and weights; two-stage: samples with 1/M; PE: one scenario).
    /// </summary>
    double[] Solve(double[] scenarios, double[] weights, CancellationToken cancel);

    /// <summary>
    /// DF2's model cost (eq. 4) g[b, j] = Σ_s w[b, s] f(v_s, a[b, j]) for values v [S, YDim], weights w [B, S] and
    /// actions a [B, J, ADim], differentiable in v, w; by default the pairwise costs contracted with the weights.
    /// </summary>
    Tensor WeightedPairCosts(Tensor values, Tensor weights, Tensor actions) => PairCostMixture(this, values, weights, actions);

    /// <summary>g = [f(v_s, a_bj)]_{b,j,s} · w_b: <see cref="PairCosts"/> over the B·J actions, then a batched matrix product.</summary>
    static Tensor PairCostMixture(IDecisionTask task, Tensor values, Tensor weights, Tensor actions)
    {
        long b = actions.shape[0], j = actions.shape[1];
        var pair = task.PairCosts(values, actions.reshape(b * j, task.ADim)).reshape(b, j, weights.shape[1]); // f(v_s, a_bj) [B, J, S]
        return matmul(pair, weights.unsqueeze(2)).reshape(b, j);                                               // eq. 4
    }
}
