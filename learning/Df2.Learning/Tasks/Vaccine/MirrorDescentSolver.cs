namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// Mirror descent on the budget simplex (paper eq. 14, App. F.4): a = Budget·p,
/// p_{t+1}[i] = p_t[i] exp(−η ∇_{p_i} F) / Σ_j p_t[j] exp(−η ∇_{p_j} F), η = 0.01, 500 iterations,
/// p₀ uniform. The gradient is taken w.r.t. the budget share p (∇_p F = Budget·∇_a F) — our
/// choice: in raw vaccine units the gradient (~1e-4 infections per dose) times η = 0.01 would
/// not move the iterate at all. The whole budget is spent (vaccinating never increases infections).
/// </summary>
public sealed record MirrorDescentSolver(int Steps = 500, double LearningRate = 0.01)
{
    /// <summary>argmin over a = Budget·p of F; <paramref name="valueAndGrad"/> returns F(a) and writes ∇_a F.</summary>
    public double[] Solve(int dim, double budget, Func<double[], double[], double> valueAndGrad, CancellationToken cancel = default)
    {
        var p = Enumerable.Repeat(1.0 / dim, dim).ToArray();
        var a = new double[dim];
        var g = new double[dim];
        for (int t = 0; t < Steps; t++)
        {
            if ((t & 31) == 0) cancel.ThrowIfCancellationRequested();
            for (int i = 0; i < dim; i++) a[i] = budget * p[i];
            valueAndGrad(a, g);
            double max = double.NegativeInfinity;
            var logit = new double[dim];
            for (int i = 0; i < dim; i++) { logit[i] = Math.Log(p[i]) - LearningRate * budget * g[i]; max = Math.Max(max, logit[i]); }
            double z = 0;
            for (int i = 0; i < dim; i++) { p[i] = Math.Exp(logit[i] - max); z += p[i]; }
            for (int i = 0; i < dim; i++) p[i] = Math.Max(p[i] / z, 1e-300);
        }
        for (int i = 0; i < dim; i++) a[i] = budget * p[i];
        return a;
    }
}
