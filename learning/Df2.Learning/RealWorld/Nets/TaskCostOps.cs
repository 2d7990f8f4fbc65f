using Df2.Engine;
using Df2.Learning.RealWorld.Core;

namespace Df2.Learning.RealWorld.Nets;

/// <summary>
/// Fused differentiable task-cost kernels (engine <see cref="Tensor.Custom"/>) in double precision,
/// with analytic backward from the task's ∂f/∂a and ∂f/∂y.
/// </summary>
public static class TaskCostOps
{
    /// <summary>out[b] = f(y_b, a_b) for fixed labels y [B, YDim] and actions A [B, ADim]; ∂/∂A from ∂f/∂a.</summary>
    public static Tensor CostOfActions(IRealWorldTask task, double[] y, Tensor actions)
    {
        int b = actions.Shape[0], ad = task.ADim, yd = task.YDim;
        var a = Array.ConvertAll(actions.ToArray(), v => (double)v);
        var outData = new float[b];
        var grad = new double[b * ad];
        Parallel.For(0, b, r =>
            outData[r] = (float)task.Cost(y.AsSpan(r * yd, yd), a.AsSpan(r * ad, ad), grad.AsSpan(r * ad, ad), []));
        return Tensor.Custom("task_cost", outData, [b], [actions], g =>
        {
            var go = g.ToArray();
            var ga = new float[b * ad];
            for (int r = 0; r < b; r++)
                for (int i = 0; i < ad; i++) ga[r * ad + i] = (float)(go[r] * grad[r * ad + i]);
            return [Tensor.FromArray(ga, b, ad)];
        });
    }

    /// <summary>
    /// DF2's value term (eq. 4): out[b, j, s] = f(v_s, a_bj) for learnable values V [S, YDim] and fixed
    /// actions [B·J, ADim]; ∂L/∂V[s] = Σ_{b,j} G[b,j,s] ∂f/∂y(v_s, a_bj). Deterministic reduction order.
    /// </summary>
    public static Tensor PairwiseValues(IRealWorldTask task, Tensor values, double[] actions, int b, int j)
    {
        int s = values.Shape[0], yd = task.YDim, ad = task.ADim;
        var v = Array.ConvertAll(values.ToArray(), x => (double)x);
        var outData = new float[b * j * s];
        bool needGrad = values.RequiresGrad && Autograd.IsGradEnabled;
        // gradY per (pair) is stored only when needed: [S][B·J·YDim] would be large, so recompute in backward.
        Parallel.For(0, s, si =>
        {
            var vs = v.AsSpan(si * yd, yd);
            for (int p = 0; p < b * j; p++)
                outData[p * s + si] = (float)task.Cost(vs, actions.AsSpan(p * ad, ad), [], []);
        });
        if (!needGrad) return Tensor.FromArray(outData, b, j, s);
        return Tensor.Custom("pairwise_task_cost", outData, [b, j, s], [values], g =>
        {
            var go = g.ToArray();
            var gv = new float[s * yd];
            Parallel.For(0, s, si =>
            {
                var acc = new double[yd];
                var gy = new double[yd];
                var vs = v.AsSpan(si * yd, yd);
                for (int p = 0; p < b * j; p++)
                {
                    double w = go[p * s + si];
                    if (w == 0) continue;
                    task.Cost(vs, actions.AsSpan(p * ad, ad), [], gy);
                    for (int i = 0; i < yd; i++) acc[i] += w * gy[i];
                }
                for (int i = 0; i < yd; i++) gv[si * yd + i] = (float)acc[i];
            });
            return [Tensor.FromArray(gv, s, yd)];
        });
    }

    /// <summary>
    /// Scenario energies: out[b, c] = (1/M) Σ_m f(ŷ[b, m], a[b, c]) for differentiable samples ŷ [B, M, YDim]
    /// and fixed candidate actions [B, C, ADim]; ∂/∂ŷ[b, m] = Σ_c G[b, c] (1/M) ∂f/∂y(ŷ[b, m], a[b, c]).
    /// On a budget-simplex task each sample's cost f(ŷ[b, m], ·) is prepared once per pass
    /// (<see cref="SimplexDecisions"/>) and reused for all C candidates (same values, fewer exp / normalisations).
    /// </summary>
    public static Tensor ScenarioCosts(IRealWorldTask task, Tensor samples, double[] candidates, int c)
    {
        int b = samples.Shape[0], m = samples.Shape[1], yd = task.YDim, ad = task.ADim;
        var y = Array.ConvertAll(samples.ToArray(), x => (double)x);
        var simplex = SimplexDecisions.TryOf(task);
        // f(ŷ[r, mi], ·): the prepared scenario on a simplex task, the task's cost otherwise
        Func<ReadOnlySpan<double>, Span<double>, double> Scenario(int r, int mi)
        {
            if (simplex != null)
            {
                var prepared = simplex.Prepare(y.AsSpan((r * m + mi) * yd, yd).ToArray());
                return (a, gy) => prepared.Cost(a, [], gy);
            }
            return (a, gy) => task.Cost(y.AsSpan((r * m + mi) * yd, yd), a, [], gy);
        }
        var outData = new float[b * c];
        Parallel.For(0, b, r =>
        {
            var scenarios = new Func<ReadOnlySpan<double>, Span<double>, double>[m];
            for (int mi = 0; mi < m; mi++) scenarios[mi] = Scenario(r, mi);
            for (int ci = 0; ci < c; ci++)
            {
                double sum = 0;
                var a = candidates.AsSpan((r * c + ci) * ad, ad);
                for (int mi = 0; mi < m; mi++) sum += scenarios[mi](a, []);
                outData[r * c + ci] = (float)(sum / m);
            }
        });
        return Tensor.Custom("scenario_costs", outData, [b, c], [samples], g =>
        {
            var go = g.ToArray();
            var gy = new float[b * m * yd];
            Parallel.For(0, b, r =>
            {
                var tmp = new double[yd];
                var acc = new double[yd];
                for (int mi = 0; mi < m; mi++)
                {
                    Array.Clear(acc);
                    var scenario = Scenario(r, mi);
                    for (int ci = 0; ci < c; ci++)
                    {
                        double w = go[r * c + ci] / m;
                        if (w == 0) continue;
                        scenario(candidates.AsSpan((r * c + ci) * ad, ad), tmp);
                        for (int i = 0; i < yd; i++) acc[i] += w * tmp[i];
                    }
                    for (int i = 0; i < yd; i++) gy[(r * m + mi) * yd + i] = (float)acc[i];
                }
            });
            return [Tensor.FromArray(gy, b, m, yd)];
        });
    }
}
