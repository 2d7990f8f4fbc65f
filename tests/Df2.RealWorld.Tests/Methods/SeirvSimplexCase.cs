using Df2.Learning.Tasks;
using Df2.Learning.Tasks.Vaccine;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>A small SEIRV budget-simplex problem for the simplex argmin's checks.</summary>
internal static class SeirvSimplexCase
{
    /// <summary>
    /// A 5-region SEIRV model whose SAA optimum is interior (several regions get vaccines): high
    /// prevalence (I ≈ 10 % of N) so that vaccinating has diminishing returns, budget 20 % of the
    /// population so that the per-day cap a/T ≤ S + E never binds (it would make f non-smooth), and
    /// mirror descent with η·Budget = 1 (20 000 steps make the solver converge: KKT residual ≪ FD signal).
    /// The problem carries both the host scenarios and the plain-torch cost (<see cref="SeirvTorch"/>).
    /// </summary>
    public static (SimplexDecisions Problem, float[] Samples, int M) Interior(int steps)
    {
        const int K = 5, M = 2;
        var rng = new Random(7);
        var x = new SeirvState(K);
        var n = new double[K];
        for (int k = 0; k < K; k++)
        {
            n[k] = 1e5 * (1 + k);
            x.I[k] = 0.1 * n[k] * (0.5 + rng.NextDouble()); x.E[k] = 0.5 * x.I[k]; x.R[k] = 0.05 * n[k];
            x.S[k] = n[k] - x.E[k] - x.I[k] - x.R[k];
        }
        var beta = Enumerable.Range(0, K).Select(k => 0.4 + 0.15 * k).ToArray();
        var model = new SeirvModel(beta, Enumerable.Repeat(0.25, K).ToArray(), Enumerable.Repeat(0.12, K).ToArray(), n, x);
        int d = 7 * K * K;
        var y = new float[M * d];                      // log OD: 500 stays, 5–25 trips between regions per day, jittered per scenario
        for (int s = 0; s < M; s++)
            for (int i = 0; i < d; i++)
                y[s * d + i] = (float)(Math.Log((i % (K * K) % (K + 1) == 0 ? 500.0 : 5.0) + 20 * rng.NextDouble()) + 0.3 * (rng.NextDouble() - 0.5));
        double budget = 0.2 * n.Sum();
        var problem = new SimplexDecisions(K, d, budget, new MirrorDescentSolver(steps, 1.0 / budget),
            yy => new SeirvScenario(model, VaccineSetup.CountsFromLog(yy)), (yy, a) => SeirvTorch.PairCosts(model, yy, a));
        return (problem, y, M);
    }
}
