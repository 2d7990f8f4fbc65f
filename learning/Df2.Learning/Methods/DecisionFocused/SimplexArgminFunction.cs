using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// DFL's differentiable solver on the budget simplex (vaccine, App. F.4): samples ŷ [B, M, YDim] →
/// â [B, ADim], â = argmin_{a ≥ 0, Σa = Budget} F(a), F(a) = (1/M) Σ_m f(ŷ_m, a), solved by the task's
/// mirror descent (eq. 14). Backward by implicit differentiation of the KKT conditions at the
/// solver's solution with a local quadratic model:
/// <list type="bullet">
/// <item>Face: free set 𝓕 = {i : â_i &gt; <see cref="ActiveThreshold"/>·Budget}; the other coordinates are
/// treated as active bounds (a_i = 0, da_i = 0). KKT on the face: ∇_𝓕F(â) = λ1, Σa = Budget.</item>
/// <item>Tangent space {Σ_𝓕 da = 0} with the orthonormal Helmert basis Z [n, n−1] (n = |𝓕|):
/// z_j = (1, …, 1, −j, 0, …)/√(j(j+1)), j = 1..n−1.</item>
/// <item>Reduced Hessian Ĥ = Zᵀ∇²F Z, column j by central differences of the exact adjoint gradient,
/// (∇F(â + δz_j) − ∇F(â − δz_j))/(2δ) (one gradient pair per free direction),
/// δ = min(<see cref="FdStep"/>·Budget, ½·min_𝓕 â_i) so that â ± δz_j stays feasible (a ≥ 0).</item>
/// <item>Ĥ is symmetrised and made positive definite by <see cref="SmallDenseAlgebra.ClippedPdSolve"/>
/// (|λ| floored at <see cref="EigenFloor"/>·max|λ|): f is not convex in a in general.</item>
/// <item>Differentiating Zᵀ∇_aF(â(ŷ), ŷ) = 0: dâ/dŷ = −Z Ĥ⁻¹ Zᵀ ∂²F/∂a∂ŷ, so for upstream g = ∂L/∂â,
/// u = −Z Ĥ⁻¹ Zᵀ g_𝓕 (u = 0 off 𝓕) and ∂L/∂ŷ_m = (1/M) ∂/∂ŷ_m [u·∇_a f(ŷ_m, â)]
/// = (1/M)(∇_y f(ŷ_m, â + εu) − ∇_y f(ŷ_m, â − εu))/(2ε), ε·max|u_i| = δ.</item>
/// </list>
/// A vertex solution (n = 1, all of the budget in one region) has no tangent directions: the argmin is
/// locally constant in ŷ and the derivative is exactly zero (a true property, not a failure).
/// Two paths, each computing the formulas above in double precision: on CPU tensors (the fast path) both passes run
/// on the host (the task's mirror descent and the exact adjoint gradients of <see cref="SimplexDecisions.Prepare"/>,
/// C# loops parallel over rows); on any other device, or when <c>plain</c> is set, <see cref="SimplexArgminTorch"/>
/// runs them as plain torch operations batched over rows, with the gradients by autograd through
/// <see cref="SimplexDecisions.PairCosts"/> (no host round trip). Inputs and results keep the samples' dtype and device.
/// </summary>
public sealed class SimplexArgminFunction : autograd.SingleTensorFunction<SimplexArgminFunction>
{
    public override string Name => "simplex_saa_argmin";

    /// <summary>â_i &gt; 1e-6·Budget (5 doses of 5·10⁶) counts as free; mirror descent never reaches exact zeros.</summary>
    public const double ActiveThreshold = 1e-6;
    /// <summary>Finite-difference step in a: at most 1e-4·Budget (500 doses).</summary>
    public const double FdStep = 1e-4;
    /// <summary>Smallest eigenvalue magnitude of the reduced Hessian, relative to the largest.</summary>
    public const double EigenFloor = 1e-3;

    /// <summary>
    /// â [B, ADim] for samples [B, M, YDim]; backward rows are counted in <paramref name="stats"/> when given. The host path
    /// on CPU tensors, the plain-torch path elsewhere or when <paramref name="plain"/> is set (it needs
    /// <see cref="SimplexDecisions.PairCosts"/>).
    /// </summary>
    public static Tensor Apply(SimplexDecisions problem, Tensor samples, SimplexArgminStats? stats = null, CancellationToken cancel = default, bool plain = false)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (samples.dim() != 3 || samples.shape[2] != problem.YDim)
            throw new ArgumentException($"samples must be [B, M, {problem.YDim}], got [{string.Join(", ", samples.shape)}]", nameof(samples));
        return apply(samples, problem, stats ?? new SimplexArgminStats(), cancel, plain || samples.device_type != DeviceType.CPU);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (samples, problem, cancel, plain) = ((Tensor)vars[0], (SimplexDecisions)vars[1], (CancellationToken)vars[3], (bool)vars[4]);
        ctx.save_data("problem", problem); ctx.save_data("stats", vars[2]); ctx.save_data("plain", plain);
        if (plain)
        {
            var y64 = samples.detach().to(ScalarType.Float64);
            var aHat = SimplexArgminTorch.Solve(problem, y64, cancel);
            ctx.save_for_backward([y64, aHat]);
            return aHat.detach().to(samples.dtype);
        }
        int b = (int)samples.shape[0], m = (int)samples.shape[1], ad = problem.ADim;
        double[] y;
        using (var host = samples.detach().to(ScalarType.Float64).cpu().contiguous()) y = host.data<double>().ToArray();
        var a = new double[b * ad];
        Parallel.For(0, b, new ParallelOptions { CancellationToken = cancel }, r =>
            problem.SolveSaa(Scenarios(problem, y, r, m), cancel).CopyTo(a, r * ad));
        ctx.save_data("y", y); ctx.save_data("a", a);
        ctx.save_data("shape", (b, m));
        return tensor(a, [b, ad]).to(samples.dtype).to(samples.device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var (problem, stats) = ((SimplexDecisions)ctx.get_data("problem"), (SimplexArgminStats)ctx.get_data("stats"));
        if ((bool)ctx.get_data("plain")) return [PlainBackward(ctx, problem, stats, gradOutput), null!, null!, null!, null!];
        var (y, a) = ((double[])ctx.get_data("y"), (double[])ctx.get_data("a"));
        var (b, m) = ((int, int))ctx.get_data("shape");
        int d = problem.YDim, ad = problem.ADim;
        double[] go;
        using (var host = gradOutput.to(ScalarType.Float64).cpu().contiguous()) go = host.data<double>().ToArray();
        var gy = new double[b * m * d];
        Parallel.For(0, b, r =>
        {
            var row = VectorJacobian(problem, Scenarios(problem, y, r, m), a.AsSpan(r * ad, ad), go.AsSpan(r * ad, ad), out int free);
            stats.Record(free);
            row.CopyTo(gy, r * m * d);
        });
        return [tensor(gy, [b, m, d]).to(gradOutput.dtype).to(gradOutput.device), null!, null!, null!, null!];
    }

    /// <summary>∂L/∂ŷ by <see cref="SimplexArgminTorch.VectorJacobian"/>; only the face sizes |𝓕| come to the host (for <paramref name="stats"/>).</summary>
    private static Tensor PlainBackward(autograd.AutogradContext ctx, SimplexDecisions problem, SimplexArgminStats stats, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        using Tensor y = saved[0], aHat = saved[1];
        using var scope = NewDisposeScope();
        var gy = SimplexArgminTorch.VectorJacobian(problem, y, aHat, gradOutput.to(ScalarType.Float64), out var free);
        using (var counts = free.cpu()) foreach (long f in counts.data<long>()) stats.Record((int)f);
        return gy.to(gradOutput.dtype).MoveToOuterDisposeScope();
    }

    private static IScenarioCost[] Scenarios(SimplexDecisions problem, double[] y, int row, int m)
    {
        int d = problem.YDim;
        var s = new IScenarioCost[m];
        for (int k = 0; k < m; k++) s[k] = problem.Prepare(y.AsSpan((row * m + k) * d, d).ToArray());
        return s;
    }

    /// <summary>
    /// gᵀ dâ/dŷ for one row: [M·YDim] (scenario-major), by the implicit derivative described on the class;
    /// <paramref name="free"/> = |𝓕|. Zero when |𝓕| ≤ 1 (vertex) or the reduced Hessian vanishes.
    /// </summary>
    public static double[] VectorJacobian(SimplexDecisions problem, IReadOnlyList<IScenarioCost> scenarios,
        ReadOnlySpan<double> aHat, ReadOnlySpan<double> upstream, out int free)
    {
        int ad = problem.ADim, d = problem.YDim, m = scenarios.Count;
        var result = new double[m * d];
        var face = new List<int>();
        for (int i = 0; i < ad; i++) if (aHat[i] > ActiveThreshold * problem.Budget) face.Add(i);
        free = face.Count;
        int n = face.Count;
        if (n < 2) return result;                                                   // vertex: dâ/dŷ = 0
        double minFree = double.PositiveInfinity;
        foreach (int i in face) minFree = Math.Min(minFree, aHat[i]);
        double delta = Math.Min(FdStep * problem.Budget, 0.5 * minFree);
        var z = HelmertBasis(n);                                                    // [n, n−1]
        var hz = new double[n, n - 1];                                              // (∇²F) z_j on 𝓕
        var plus = new double[ad]; var minus = new double[ad];
        var gPlus = new double[ad]; var gMinus = new double[ad]; var scratch = new double[ad];
        for (int j = 0; j < n - 1; j++)
        {
            aHat.CopyTo(plus); aHat.CopyTo(minus);
            for (int k = 0; k < n; k++) { plus[face[k]] += delta * z[k, j]; minus[face[k]] -= delta * z[k, j]; }
            SimplexDecisions.SaaValueAndGrad(scenarios, plus, gPlus, scratch);
            SimplexDecisions.SaaValueAndGrad(scenarios, minus, gMinus, scratch);
            for (int k = 0; k < n; k++) hz[k, j] = (gPlus[face[k]] - gMinus[face[k]]) / (2 * delta);
        }
        var reduced = new double[n - 1, n - 1];                                     // Ĥ = Zᵀ (∇²F Z)
        var rhs = new double[n - 1];                                                // Zᵀ g_𝓕
        for (int i = 0; i < n - 1; i++)
        {
            for (int k = 0; k < n; k++) rhs[i] += z[k, i] * upstream[face[k]];
            for (int j = 0; j < n - 1; j++)
                for (int k = 0; k < n; k++) reduced[i, j] += z[k, i] * hz[k, j];
        }
        var c = SmallDenseAlgebra.ClippedPdSolve(reduced, rhs, EigenFloor);         // Ĥ̃⁻¹ Zᵀ g
        var u = new double[ad];                                                     // u = −Z Ĥ̃⁻¹ Zᵀ g
        for (int k = 0; k < n; k++)
            for (int j = 0; j < n - 1; j++) u[face[k]] -= z[k, j] * c[j];
        double scale = u.Max(Math.Abs);
        if (scale == 0) return result;
        // ∂L/∂ŷ_m = (1/M) D_u ∇_y f(ŷ_m, â) by central differences along û = u/max|u| with step δ
        for (int i = 0; i < ad; i++) { plus[i] = aHat[i] + delta * u[i] / scale; minus[i] = aHat[i] - delta * u[i] / scale; }
        var yPlus = new double[d]; var yMinus = new double[d];
        double factor = scale / (2 * delta * m);
        for (int s = 0; s < m; s++)
        {
            scenarios[s].Cost(plus, [], yPlus);
            scenarios[s].Cost(minus, [], yMinus);
            for (int i = 0; i < d; i++) result[s * d + i] = factor * (yPlus[i] - yMinus[i]);
        }
        return result;
    }

    /// <summary>Orthonormal basis of {v ∈ ℝⁿ : Σv = 0}: column j−1 = (1, …, 1, −j, 0, …)/√(j(j+1)) with j ones.</summary>
    public static double[,] HelmertBasis(int n)
    {
        var z = new double[n, n - 1];
        for (int j = 1; j < n; j++)
        {
            double norm = Math.Sqrt(j * (j + 1.0));
            for (int k = 0; k < j; k++) z[k, j - 1] = 1 / norm;
            z[j, j - 1] = -j / norm;
        }
        return z;
    }
}
