using Df2.Learning.Data;
using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Running;
using Df2.Learning.Tasks.Vaccine;
using static TorchSharp.torch;
using Df2.Learning.Methods;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>dfl / so-ebm / lodl on the budget simplex: the implicit derivative, the SO-EBM loss and the grouped LODL weights.</summary>
public class VaccineDecisionFocusedTests(ITestOutputHelper output)
{
    [Fact]
    public void Implicit_derivative_of_the_simplex_argmin_matches_finite_differences_of_the_solver()
    {
        var (problem, y, m) = SeirvSimplexCase.Interior(20000);
        int d = problem.YDim;
        var samples = tensor(y.Select(v => (double)v).ToArray(), [1, m, d]).requires_grad_();
        var aHat = SimplexArgminFunction.Apply(problem, samples);
        double[] g = [0.3, -1.0, 0.5, 0.2, 0.7];                                      // upstream ∂L/∂â
        (aHat * tensor(g, [1, 5])).sum().backward();
        var vjp = samples.grad!.data<double>().ToArray();
        var a = aHat.detach().data<double>().ToArray();
        int free = a.Count(v => v > SimplexArgminFunction.ActiveThreshold * problem.Budget);
        output.WriteLine($"â = [{string.Join(", ", a.Select(v => v.ToString("F1")))}], free {free}");
        Assert.True(free >= 3, "the test case must have an interior face (otherwise the derivative is trivially 0)");
        // central differences of gᵀ argmin(ŷ) through the same mirror-descent solver
        var yd = y.Select(v => (double)v).ToArray();
        double Objective(double[] yy)
        {
            var scenarios = Enumerable.Range(0, m).Select(s => problem.Prepare(yy[(s * d)..((s + 1) * d)])).ToArray();
            var sol = problem.SolveSaa(scenarios);
            return sol.Select((v, i) => v * g[i]).Sum();
        }
        var largest = Enumerable.Range(0, m * d).OrderByDescending(i => Math.Abs(vjp[i])).Take(4);
        double scale = vjp.Max(Math.Abs);
        foreach (int i in largest.Concat([3, 40, 200, 260]))
        {
            const double h = 1e-3;
            var p = (double[])yd.Clone(); p[i] += h;
            var q = (double[])yd.Clone(); q[i] -= h;
            double fd = (Objective(p) - Objective(q)) / (2 * h);
            output.WriteLine($"ŷ[{i}]: implicit {vjp[i]:G6}, FD {fd:G6}");
            // Tolerance: both sides agree to ~6 digits here (solver converged, O(h²) and O(δ²) errors ~1e-6 relative);
            // 1 % of the entry plus 1e-4 of the largest entry.
            Assert.True(Math.Abs(vjp[i] - fd) <= 1e-2 * Math.Abs(fd) + 1e-4 * scale, $"ŷ[{i}]: implicit {vjp[i]}, FD {fd}");
        }
    }

    [Fact]
    public void Real_vaccine_saa_solution_is_a_vertex_with_zero_derivative()
    {
        var setup = VaccineSetup.Get(DataRoot.Resolve());
        var task = new VaccineTask(setup, new MirrorDescentSolver(), 0);
        var od = setup.Od;
        var y = new float[2 * OdDataset.Dim];
        for (int s = 0; s < 2; s++)
            for (int i = 0; i < OdDataset.Dim; i++) y[s * OdDataset.Dim + i] = (float)od.Y(od.TrainOrigins[10 * s])[i];
        var scenarios = Enumerable.Range(0, 2).Select(s => task.Simplex.Prepare(y[(s * OdDataset.Dim)..((s + 1) * OdDataset.Dim)].Select(v => (double)v).ToArray())).ToArray();
        var a = task.Simplex.SolveSaa(scenarios);
        var upstream = new double[47];
        setup.Cost(od.Y(od.TrainOrigins[0]), a, upstream, []);
        var vjp = SimplexArgminFunction.VectorJacobian(task.Simplex, scenarios, a, upstream, out int free);
        output.WriteLine($"free coordinates {free}; largest share {a.Max() / VaccineSetup.Budget:F6} in region {Array.IndexOf(a, a.Max())}");
        Assert.Equal(1, free);                      // all of the budget in one prefecture (near-linear f, App. F.4 data)
        Assert.All(vjp, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Dense_algebra_nnls_and_clipped_solve()
    {
        // NNLS: b = A·(1, 0, 2) exactly ⇒ recovered; with a negative least-squares component it is clamped to 0
        var a = new double[,] { { 1, 0, 1 }, { 0, 1, 1 }, { 1, 1, 0 }, { 2, 0, 1 } };
        double[] x0 = [1, 0, 2];
        var b = Enumerable.Range(0, 4).Select(i => a[i, 0] * x0[0] + a[i, 1] * x0[1] + a[i, 2] * x0[2]).ToArray();
        var x = SmallDenseAlgebra.NonNegativeLeastSquares(a, b);
        for (int j = 0; j < 3; j++) Assert.Equal(x0[j], x[j], 9);
        var neg = SmallDenseAlgebra.NonNegativeLeastSquares(new double[,] { { 1, 0 }, { 0, 1 } }, [3, -2]);
        Assert.Equal([3.0, 0.0], neg);
        // clipped solve: eigenvalues (4, −1) of [[1.5, 2.5], [2.5, 1.5]] → |λ| ⇒ H̃ = V diag(4, 1) Vᵀ
        var s = SmallDenseAlgebra.ClippedPdSolve(new double[,] { { 1.5, 2.5 }, { 2.5, 1.5 } }, [1, 1], 1e-3);
        Assert.Equal(0.25, s[0], 12); Assert.Equal(0.25, s[1], 12);      // (1,1) is the λ = 4 eigenvector
        var t = SmallDenseAlgebra.ClippedPdSolve(new double[,] { { 1.5, 2.5 }, { 2.5, 1.5 } }, [1, -1], 1e-3);
        Assert.Equal(1.0, t[0], 12); Assert.Equal(-1.0, t[1], 12);       // (1,−1): λ = −1 → |λ| = 1
    }

    private static Dictionary<string, string> Tiny() => new()
    {
        ["epochs"] = "1", ["pretrain_epochs"] = "1", ["max_train"] = "8", ["max_test"] = "2", ["batch"] = "4",
        ["samples"] = "2", ["solver_steps"] = "20", ["k"] = "1", ["node_hidden"] = "4", ["ebm_proposals"] = "6",
        ["lodl_perturbations"] = "6",
    };

    private static CellSettings Settings(int seed, string method = "so-ebm") => CellSettings.Of("vaccine", method, Tiny(), seed, 0);

    [Fact]
    public void So_ebm_on_vaccine_gives_a_finite_loss_and_gradients_for_the_gmm()
    {
        var s = Settings(0);
        var method = new SoEbmMethod(TaskRegistry.Create(s), s);
        var loss = method.BatchLoss([0, 1, 2], epoch: 1, DataRng.For("test", 1));   // epoch 1 = so-ebm phase
        Assert.Equal("so-ebm", method.Phase(1));
        float value = loss.item<float>();
        Assert.True(float.IsFinite(value), $"loss {value}");
        loss.backward();
        var head = method.Model.named_parameters().Where(p => p.name.StartsWith("graph.mixture.", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(head);
        double norm = head.Sum(p => p.parameter.grad!.pow(2).sum().item<float>());
        output.WriteLine($"so-ebm loss {value:G6}, |∇ GMM head|² {norm:G4}");
        Assert.True(double.IsFinite(norm) && norm > 0, "the GMM head receives a non-zero gradient");
        var star = method.OptimalTrainingDecisions();
        Assert.Equal(8 * 47, star.Length);
        for (int r = 0; r < 8; r++) Assert.Equal(VaccineSetup.Budget, star.AsSpan(r * 47, 47).ToArray().Sum(), 0);
    }

    [Fact]
    public void Lodl_vaccine_weights_are_non_negative_and_deterministic()
    {
        double[] Weights(int seed)
        {
            var s = Settings(seed, "lodl");
            return new LodlMethod(TaskRegistry.Create(s), s).SurrogateWeights();
        }
        var w = Weights(0);
        Assert.Equal(8 * 47, w.Length);
        Assert.All(w, v => Assert.True(v >= 0 && double.IsFinite(v)));
        Assert.Equal(w, Weights(0));
        output.WriteLine($"non-zero weights {w.Count(v => v > 0)} of {w.Length}; max {w.Max():G4}");
        Assert.NotEqual(w, Weights(1));
    }

    [Fact]
    public void Grouped_lodl_fit_recovers_a_known_quadratic()
    {
        // synthetic check of the NNLS fit: if DL were exactly Σ_g w_g φ_g the fit returns w
        var rng = new DataRng(5);
        int k = 30, g = 4;
        var phi = new double[k, g];
        var dl = new double[k];
        double[] truth = [2, 0, 0.5, 1];
        for (int r = 0; r < k; r++)
            for (int j = 0; j < g; j++) { phi[r, j] = 3 * rng.NextDouble(); dl[r] += truth[j] * phi[r, j]; }
        var w = SmallDenseAlgebra.NonNegativeLeastSquares(phi, dl);
        for (int j = 0; j < g; j++) Assert.Equal(truth[j], w[j], 8);
    }
}
