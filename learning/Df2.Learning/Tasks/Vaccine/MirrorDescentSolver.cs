namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// Mirror descent on the budget simplex (paper eq. 14, App. F.4): a = Budget·p,
/// p_{t+1}[i] = p_t[i] exp(−η gᵢ) / Σ_j p_t[j] exp(−η g_j), η = 0.01, 500 iterations, p₀ uniform.
/// <para>
/// The gradient g is, by <see cref="Gradient"/>:
/// <list type="bullet">
/// <item><see cref="MirrorGradient.Share"/> (default, our choice): g = ∇_p F = Budget·∇_a F, the gradient w.r.t. the
/// budget share. In raw vaccine units the dose gradient (~1e-4 infections per dose) times η = 0.01 would not move
/// the iterate, so the share gradient is what makes the solver reach the optimum.</item>
/// <item><see cref="MirrorGradient.Dose"/> (eq. 14 read literally): g = ∇_a F in infections per dose. With η = 0.01 the
/// iterate stays within a fraction of a percent of the uniform start (docs/reproduction.md, vaccine probe).</item>
/// </list>
/// </para>
/// The whole budget is spent (vaccinating never increases infections).
/// </summary>
public sealed record MirrorDescentSolver(int Steps = 500, double LearningRate = 0.01, MirrorGradient Gradient = MirrorGradient.Share)
{
    /// <summary>argmin over a = Budget·p of F; <paramref name="valueAndGrad"/> returns F(a) and writes ∇_a F.</summary>
    public double[] Solve(int dim, double budget, Func<double[], double[], double> valueAndGrad, CancellationToken cancel = default)
    {
        var p = Enumerable.Repeat(1.0 / dim, dim).ToArray();
        var a = new double[dim];
        var g = new double[dim];
        var logit = new double[dim];
        double step = Gradient == MirrorGradient.Share ? LearningRate * budget : LearningRate;
        for (int t = 0; t < Steps; t++)
        {
            if ((t & 31) == 0) cancel.ThrowIfCancellationRequested();
            for (int i = 0; i < dim; i++) a[i] = budget * p[i];
            valueAndGrad(a, g);
            double max = double.NegativeInfinity;
            for (int i = 0; i < dim; i++) { logit[i] = Math.Log(p[i]) - step * g[i]; max = Math.Max(max, logit[i]); }
            double z = 0;
            for (int i = 0; i < dim; i++) { p[i] = Math.Exp(logit[i] - max); z += p[i]; }
            for (int i = 0; i < dim; i++) p[i] = Math.Max(p[i] / z, 1e-300);
        }
        for (int i = 0; i < dim; i++) a[i] = budget * p[i];
        return a;
    }
}
