using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Tasks.Inventory;
using Df2.Learning.Nets;
using Df2.Learning.Tasks.Vaccine;
using Df2.Learning.Tasks.Wind;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>The batched task costs, the SEIRV cost function (fast path vs plain torch) and the DFL implicit derivative against finite differences.</summary>
public class GradientOpTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Saa_argmin_implicit_derivative_matches_the_smoothed_problem(bool plain)
    {
        var cost = InventoryCost.Create();
        double h = 0.05;
        float[] ys = [0.8f, 1.1f, 1.3f, 0.95f, 1.6f];
        var samples = tensor(ys.Select(v => (double)v).ToArray(), [1, ys.Length, 1]).requires_grad_();
        var solver = new ProjectedAdamSolver(2000, 0.01, 5);
        var a = SaaArgminFunction.Apply(new SaaArgminFunction.Problem(cost, 0, 3, solver, h, InventoryCost.BatchedExpected), samples, plain);
        a.sum().backward();
        var g = samples.grad!.data<double>().ToArray();
        // translation invariance: shifting every sample by δ shifts the argmin by δ ⇒ Σ_m dâ/dŷ_m = 1
        Assert.Equal(1.0, g.Sum(), 3);
        // each weight against central differences of the smoothed argmin (golden section on H)
        double Smoothed(double[] y)
        {
            double lo = 0, hi = 3, phi = (Math.Sqrt(5) - 1) / 2;
            double H(double x) => y.Sum(v => cost.ExpectedCost(v, h, x));
            for (int it = 0; it < 200; it++)
            {
                double c = hi - phi * (hi - lo), d = lo + phi * (hi - lo);
                if (H(c) < H(d)) hi = d; else lo = c;
            }
            return (lo + hi) / 2;
        }
        var baseY = ys.Select(v => (double)v).ToArray();
        double aSmooth = Smoothed(baseY);
        Assert.Equal(aSmooth, a.item<double>(), 3); // the function solves the smoothed SAA
        for (int m = 0; m < ys.Length; m++)
        {
            var p = (double[])baseY.Clone(); p[m] += 1e-3;
            var q = (double[])baseY.Clone(); q[m] -= 1e-3;
            double fd = (Smoothed(p) - Smoothed(q)) / 2e-3;
            Assert.True(Math.Abs(fd - g[m]) < 0.01, $"sample {m}: implicit {g[m]}, FD of smoothed argmin {fd}");
        }
    }

    [Fact]
    public void Saa_argmin_plain_torch_path_equals_the_host_path()
    {
        var wind = new WindBiddingCost();
        var rng = new Random(11);
        var y = Enumerable.Range(0, 3 * 8 * 5).Select(_ => 0.3 + 3.2 * rng.NextDouble()).ToArray();      // [B=3, M=8, D=5]
        var up = tensor(Enumerable.Range(0, 15).Select(_ => rng.NextDouble() - 0.5).ToArray(), [3, 5]);
        var problem = new SaaArgminFunction.Problem(wind, 0, 4, new ProjectedAdamSolver(300, 0.05, 3), 0.1, wind.BatchedExpected);
        (double[] A, double[] G) Run(bool plain)
        {
            var samples = tensor(y, [3, 8, 5]).requires_grad_();
            var a = SaaArgminFunction.Apply(problem, samples, plain);
            (a * up).sum().backward();
            return (a.detach().data<double>().ToArray(), samples.grad!.data<double>().ToArray());
        }
        var host = Run(plain: false);
        var torchPath = Run(plain: true);
        for (int i = 0; i < host.A.Length; i++) Assert.True(Math.Abs(host.A[i] - torchPath.A[i]) <= 1e-6, $"â[{i}]: host {host.A[i]}, torch {torchPath.A[i]}");
        double scale = host.G.Max(Math.Abs);
        Assert.True(scale > 0, "some coordinate must be interior (non-zero derivative)");
        for (int i = 0; i < host.G.Length; i++) Assert.True(Math.Abs(host.G[i] - torchPath.G[i]) <= 1e-6 * scale, $"dL/dŷ[{i}]: host {host.G[i]}, torch {torchPath.G[i]}");
    }

    [Fact]
    public void Batched_expected_costs_equal_the_scalar_closed_forms()
    {
        var wind = new WindBiddingCost();
        var inventory = InventoryCost.Create();
        foreach (double mean in new[] { 0.2, 1.0, 2.5 })
            foreach (double std in new[] { 0.05, 0.4 })
                for (double a = 0; a <= 3; a += 0.25)
                {
                    var (wv, ws) = wind.BatchedExpected(tensor(mean), std, tensor(a));
                    Assert.Equal(wind.ExpectedCost(mean, std, a), wv.item<double>(), 9);
                    Assert.Equal(wind.ExpectedCostDerivative(mean, std, a), ws.item<double>(), 9);
                    var (iv, isl) = InventoryCost.BatchedExpected(tensor(mean), std, tensor(a));
                    Assert.Equal(inventory.ExpectedCost(mean, std, a), iv.item<double>(), 9);
                    Assert.Equal(inventory.ExpectedCostDerivative(mean, std, a), isl.item<double>(), 9);
                }
    }

    [Fact]
    public void Vaccine_cost_function_gradient_matches_the_simulator_adjoint_and_finite_differences()
    {
        var setup = VaccineSetup.Get(DataRoot.Resolve());
        var task = new VaccineTask(setup, new MirrorDescentSolver(10, 0.01), 0);
        var y = setup.Od.Y(setup.Od.TestOrigins[0]);
        var ad = Enumerable.Range(0, 47).Select(i => 5e6 / 47 * (0.5 + (i % 5) * 0.25)).ToArray();
        var actions = tensor(ad, [1, 47]).requires_grad_();
        var yt = tensor(y, [1, y.Length]).requires_grad_();
        var c = task.PairCosts(yt, actions);                                          // [1, 1]
        Assert.Equal(setup.Cost(y, ad, [], []), c.item<double>(), 6);
        c.sum().backward();
        var g = actions.grad!.data<double>().ToArray();
        foreach (int k in new[] { 0, 12, 26, 46 })
        {
            var p = (double[])ad.Clone(); p[k] += 1000;
            var q = (double[])ad.Clone(); q[k] -= 1000;
            double fd = (setup.Cost(y, p, [], []) - setup.Cost(y, q, [], [])) / 2000;
            Assert.True(Math.Abs(fd - g[k]) <= 1e-3 * Math.Abs(fd) + 1e-9, $"region {k}: op {g[k]}, FD {fd}");
            Assert.True(g[k] < 0, "more vaccine in a region never increases infections");
        }
        // gradient w.r.t. y (log OD) by the chain rule through W = exp(y), through the function
        var gy = yt.grad!.data<double>().ToArray();
        int idx = 3 * 47 * 47 + 12 * 47 + 13; // day 3, Tokyo → Kanagawa
        var yp = (double[])y.Clone(); yp[idx] += 1e-4;
        var yq = (double[])y.Clone(); yq[idx] -= 1e-4;
        double fdy = (setup.Cost(yp, ad, [], []) - setup.Cost(yq, ad, [], [])) / 2e-4;
        Assert.True(Math.Abs(fdy - gy[idx]) <= 1e-4 * Math.Abs(fdy) + 1e-6, $"dC/dy: adjoint {gy[idx]}, FD {fdy}");
    }

    [Fact]
    public void Seirv_cost_function_equals_the_plain_torch_simulation_in_values_and_gradients()
    {
        var setup = VaccineSetup.Get(DataRoot.Resolve());
        var od = setup.Od;
        int yd = OdDataset.Dim, s = 2, p = 3;
        var y = new double[s * yd];
        for (int k = 0; k < s; k++) od.Y(od.TrainOrigins[5 * k]).CopyTo(y, k * yd);
        var a = new double[p * 47];
        for (int j = 0; j < p; j++)
            for (int i = 0; i < 47; i++) a[j * 47 + i] = 5e6 / 47 * (0.4 + ((i + 3 * j) % 7) * 0.2);
        var upstream = tensor(new[] { 0.3, -1.2, 0.8, 1.5, 0.1, -0.4 }, [1, p, s]);
        (double[] Cost, double[] Gy, double[] Ga) Run(bool fast)
        {
            var yt = tensor(y, [1, s, yd]).requires_grad_();
            var at = tensor(a, [1, p, 47]).requires_grad_();
            var c = fast ? SeirvCostFunction.PairCosts(setup, yt, at) : SeirvTorch.PairCosts(setup.Model, yt, at);
            (c * upstream).sum().backward();
            return (c.detach().data<double>().ToArray(), yt.grad!.data<double>().ToArray(), at.grad!.data<double>().ToArray());
        }
        var f = Run(fast: true);
        var plain = Run(fast: false);
        for (int i = 0; i < f.Cost.Length; i++) Assert.Equal(1.0, f.Cost[i] / plain.Cost[i], 10);
        Assert.Equal(setup.Cost(y.AsSpan(yd, yd), a.AsSpan(2 * 47, 47), [], []), f.Cost[2 * s + 1], 6); // out[l, p, s]
        static void Close(double[] u, double[] v, string what)
        {
            double scale = v.Max(Math.Abs);
            for (int i = 0; i < u.Length; i++) Assert.True(Math.Abs(u[i] - v[i]) <= 1e-8 * scale, $"{what}[{i}]: fast {u[i]}, plain {v[i]}");
        }
        Close(f.Ga, plain.Ga, "dL/da");
        Close(f.Gy, plain.Gy, "dL/dy");
    }

    [Fact]
    public void Separable_pair_costs_sum_the_coordinate_cost_over_every_pair()
    {
        var cost = new WindBiddingCost();
        var task = new TestBoxTask(cost);
        var rng = new Random(3);
        double[] y = Enumerable.Range(0, 2 * 3 * 4).Select(_ => 4.5 * rng.NextDouble()).ToArray();     // [L=2, S=3, D=4]
        double[] a = Enumerable.Range(0, 2 * 5 * 4).Select(_ => 4.0 * rng.NextDouble()).ToArray();     // [L=2, P=5, D=4]
        var c = task.PairCosts(tensor(y, [2, 3, 4]), tensor(a, [2, 5, 4]));
        Assert.Equal([2L, 5, 3], c.shape);
        var v = c.data<double>().ToArray();
        for (int l = 0; l < 2; l++)
            for (int p = 0; p < 5; p++)
                for (int s = 0; s < 3; s++)
                {
                    double expected = task.Cost(y.AsSpan((l * 3 + s) * 4, 4), a.AsSpan((l * 5 + p) * 4, 4), [], []);
                    Assert.Equal(expected, v[(l * 5 + p) * 3 + s], 9);
                }
    }

    [Theory]
    [InlineData("wind")]
    [InlineData("inventory")]
    public void Fused_separable_pair_cost_equals_the_broadcast_expression_and_finite_differences(string which)
    {
        var task = which == "wind" ? new TestBoxTask(new WindBiddingCost()) : new TestBoxTask(InventoryCost.Create(), InventoryCost.Batched, InventoryCost.BatchedExpected);
        var rng = new Random(5);
        double Draw(double scale) => scale * rng.NextDouble();      // a kink within h = 1e-6 of a pair has probability ~1e-6
        var y = Enumerable.Range(0, 2 * 3 * 4).Select(_ => Draw(3.5)).ToArray();                          // [L=2, S=3, D=4]
        var a = Enumerable.Range(0, 2 * 5 * 4).Select(_ => Draw(3.0)).ToArray();                          // [L=2, P=5, D=4]
        var up = tensor(Enumerable.Range(0, 2 * 5 * 3).Select(_ => rng.NextDouble() - 0.5).ToArray(), [2, 5, 3]);
        (double[] C, double[] Gy, double[] Ga) Run(bool fused)
        {
            var yt = tensor(y, [2, 3, 4]).requires_grad_();
            var at = tensor(a, [2, 5, 4]).requires_grad_();
            var c = fused ? task.PairCosts(yt, at) : task.BroadcastPairCosts(yt, at);
            (c * up).sum().backward();
            return (c.detach().data<double>().ToArray(), yt.grad!.data<double>().ToArray(), at.grad!.data<double>().ToArray());
        }
        var f = Run(fused: true);
        var plain = Run(fused: false);
        for (int i = 0; i < f.C.Length; i++) Assert.Equal(plain.C[i], f.C[i], 9);
        for (int i = 0; i < f.Gy.Length; i++) Assert.Equal(plain.Gy[i], f.Gy[i], 9);
        for (int i = 0; i < f.Ga.Length; i++) Assert.Equal(plain.Ga[i], f.Ga[i], 9);
        double Loss(double[] yy, double[] aa) => (task.PairCosts(tensor(yy, [2, 3, 4]), tensor(aa, [2, 5, 4])) * up).sum().item<double>();
        const double h = 1e-6;
        foreach (int i in new[] { 0, 7, 13, 23 })
        {
            var yp = (double[])y.Clone(); yp[i] += h; var yq = (double[])y.Clone(); yq[i] -= h;
            Assert.Equal((Loss(yp, a) - Loss(yq, a)) / (2 * h), f.Gy[i], 4);
        }
        foreach (int i in new[] { 1, 18, 39 })
        {
            var ap = (double[])a.Clone(); ap[i] += h; var aq = (double[])a.Clone(); aq[i] -= h;
            Assert.Equal((Loss(y, ap) - Loss(y, aq)) / (2 * h), f.Ga[i], 4);
        }
    }

    /// <summary>A 4-coordinate wind box task on a tiny synthetic series (for the shapes of <c>PairCosts</c>).</summary>
    private sealed class TestBoxTask(ICoordinateCost cost, Func<Tensor, Tensor, Tensor> batched,
        Func<Tensor, double, Tensor, (Tensor, Tensor)> expected) : SeparableBoxTask("test", cost, batched, expected, 0, 4,
        new TaskData(Series.Train, Series.Val, Series.Test, "test"), Series.InputLength, 1, Series.OutputLength,
        new ProjectedAdamSolver(10, 0.1, 1), [0.02, 0.05, 0.1], Df2.Kernels.Ops.CostPath.Auto)
    {
        private static readonly WindowedSeries Series =
            WindowedSeries.Build(Enumerable.Range(0, 200).Select(i => 1 + Math.Sin(i / 5.0)).ToArray(), 8, 1, 4, 1, 0.64, 0.16, 4, "test");

        public TestBoxTask(WindBiddingCost wind) : this(wind, wind.Batched, wind.BatchedExpected) { }
    }

    [Fact]
    public void Vaccine_oracle_improves_on_the_even_split()
    {
        var setup = VaccineSetup.Get(DataRoot.Resolve());
        var task = new VaccineTask(setup, new MirrorDescentSolver(), 0);
        var y = setup.Od.Y(setup.Od.TestOrigins[0]);
        var star = new double[47];
        task.Oracle(y, star);
        Assert.Equal(VaccineSetup.Budget, star.Sum(), 0);
        Assert.True(star.All(v => v >= 0));
        double even = setup.Cost(y, Enumerable.Repeat(VaccineSetup.Budget / 47, 47).ToArray(), [], []);
        Assert.True(setup.Cost(y, star, [], []) < even);
    }
}
