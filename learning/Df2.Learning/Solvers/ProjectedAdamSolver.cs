using Df2.Learning.Tasks;

namespace Df2.Learning.Solvers;

/// <summary>
/// The shared test-time solver (App. F.2): projected gradient descent with Adam updates,
/// lr 0.01, 500 iterations, β = (0.9, 0.999), ε = 1e-8, projection = clamp onto [lo, hi].
/// Multi-start rule, identical for every method: K starts per coordinate (default 5) at
/// lo + (hi − lo)·j/(K−1), j = 0..K−1 (K = 1: the centre). Each run keeps the best iterate it
/// visited (the value comes free with the gradient; with a constant step Adam oscillates around
/// the kinks of the piecewise costs, so the last iterate can be off by about one step), and the
/// start with the lowest objective wins. Because f is separable over coordinates and Adam's
/// update is elementwise, running the coordinates independently and keeping the best start per
/// coordinate is at least as good as running all K² joint starts of the grid and keeping the
/// best — at 2K instead of K² runs. (A single start from the centre can be trapped in a local
/// minimum that the 4a³ term of the non-convex task creates away from the global one.)
/// Runs on the host, in double precision, after the networks have produced their scenarios and weights (one
/// device → host copy per decision call, never inside a training batch): it is a pure optimisation outside
/// autograd whose inner loop (<see cref="PiecewiseCost.WeightedCostAndDerivative"/>) is a SIMD pass over the
/// scenarios; the tasks run it per test point and coordinate (<see cref="Tasks.SeparableBoxTask.Solve"/>), in parallel
/// over test points. Measured cost: see "decide_seconds" in docs/reproduction.md.
/// </summary>
public sealed record ProjectedAdamSolver(int Steps = 500, double LearningRate = 0.01, int Starts = 5)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    /// <summary>Best of the K projected-Adam runs on h(a) = Σ_m w_m c(y_m, a), a ∈ [lo, hi].</summary>
    public double SolveCoordinate(ICoordinateCost cost, double lo, double hi, ReadOnlySpan<double> y, ReadOnlySpan<double> w)
    {
        double best = 0, bestValue = double.PositiveInfinity;
        for (int s = 0; s < Starts; s++)
        {
            double a = Starts == 1 ? 0.5 * (lo + hi) : lo + (hi - lo) * s / (Starts - 1);
            double m = 0, v = 0, b1 = 1, b2 = 1;
            for (int t = 1; t <= Steps; t++)
            {
                var (value, g) = cost.WeightedCostAndDerivative(y, w, a);
                if (value < bestValue) { bestValue = value; best = a; }
                m = Beta1 * m + (1 - Beta1) * g;
                v = Beta2 * v + (1 - Beta2) * g * g;
                b1 *= Beta1; b2 *= Beta2;
                double mHat = m / (1 - b1), vHat = v / (1 - b2);
                a = Math.Clamp(a - LearningRate * mHat / (Math.Sqrt(vHat) + Eps), lo, hi);
            }
            double final = cost.WeightedCostAndDerivative(y, w, a).Value;
            if (final < bestValue) { bestValue = final; best = a; }
        }
        return best;
    }
}
