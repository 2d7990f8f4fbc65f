using Df2.Learning.Data;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.Learning.RealWorld.Core;

/// <summary>
/// A real-world decision task (App. F.3–F.5): windows x [SeqLen, StepFeatures], targets y [YDim],
/// decisions a [ADim] in the task's constraint set C, cost f(y, a) (minimised) with its gradients,
/// the per-sample oracle a*(y), uniform action sampling over C (DF2's eq. 2) and the shared
/// test-time solver (the same for every method).
/// </summary>
public interface IRealWorldTask
{
    string Name { get; }
    int SeqLen { get; }
    int StepFeatures { get; }
    int YDim { get; }
    int ADim { get; }
    RealWorldData Data { get; }

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
}

/// <summary>Row-major splits: X [n, SeqLen·StepFeatures], Y [n, YDim]; <see cref="Notes"/> documents scaling etc.</summary>
public sealed record RealWorldData(WindowedSplit Train, WindowedSplit Val, WindowedSplit Test, string Notes);
