using Df2.Learning.Tasks.Vaccine;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>f(y, ·) for one fixed scenario y, prepared once so that many decisions can be evaluated on it.</summary>
public interface IScenarioCost
{
    /// <summary>f(y, a); ∇_a f and ∇_y f written to <paramref name="gradA"/> / <paramref name="gradY"/> when non-empty.</summary>
    double Cost(ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY);
}

/// <summary>
/// The decision structure of a budget-simplex task (vaccine, App. F.4): a ∈ C = {a ≥ 0, Σa = Budget},
/// solved by <see cref="MirrorDescentSolver"/> (eq. 14); <see cref="Prepare"/> turns a label or sample y
/// into its scenario cost f(y, ·). Used by the decision-focused baselines on non-separable tasks.
/// <paramref name="PairCosts"/> is f as plain torch operations on any device, out[l, p, s] = f(y[l, s], a[l, p]) for
/// y [L, S, YDim] and a [L, P, ADim], differentiable by autograd; it enables the plain-torch path of DFL's simplex
/// argmin (<see cref="Methods.DecisionFocused.SimplexArgminTorch"/>).
/// </summary>
public sealed record SimplexDecisions(int ADim, int YDim, double Budget, MirrorDescentSolver Solver, Func<double[], IScenarioCost> Prepare,
    Func<Tensor, Tensor, Tensor>? PairCosts = null)
{
    /// <summary>The simplex structure of <paramref name="task"/> (unwrapping a train-limited view); null for box tasks.</summary>
    public static SimplexDecisions? TryOf(IDecisionTask task) => task switch
    {
        VaccineTask v => v.Simplex,
        TrainLimitedTask t => TryOf(t.Inner),
        _ => null,
    };

    public static SimplexDecisions Of(IDecisionTask task) =>
        TryOf(task) ?? throw new ArgumentException($"task '{task.Name}' has no budget-simplex decision space", nameof(task));

    /// <summary>
    /// SAA decision â = argmin_{a ∈ C} F(a), F(a) = (1/M) Σ_m f(y_m, a) (paper eq. 3 with equal weights),
    /// by the task's mirror descent; scenarios are summed in order on the calling thread.
    /// </summary>
    public double[] SolveSaa(IReadOnlyList<IScenarioCost> scenarios, CancellationToken cancel = default)
    {
        if (scenarios.Count == 0) throw new ArgumentException("at least one scenario is needed", nameof(scenarios));
        var gs = new double[ADim];
        return Solver.Solve(ADim, Budget, (a, g) => SaaValueAndGrad(scenarios, a, g, gs), cancel);
    }

    /// <summary>F(a) = (1/M) Σ_m f(y_m, a) with ∇_a F written to <paramref name="grad"/>; <paramref name="scratch"/> [ADim].</summary>
    public static double SaaValueAndGrad(IReadOnlyList<IScenarioCost> scenarios, ReadOnlySpan<double> a, Span<double> grad, double[] scratch)
    {
        grad.Clear();
        double v = 0, w = 1.0 / scenarios.Count;
        foreach (var s in scenarios)
        {
            v += w * s.Cost(a, scratch, []);
            for (int i = 0; i < grad.Length; i++) grad[i] += w * scratch[i];
        }
        return v;
    }

    /// <summary>a*(y) = argmin_{a ∈ C} f(y, a) for one scenario (the regret's oracle when y is the label).</summary>
    public double[] Argmin(double[] y, CancellationToken cancel = default) => SolveSaa([Prepare(y)], cancel);
}
