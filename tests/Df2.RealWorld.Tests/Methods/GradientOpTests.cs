using Df2.Engine;
using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.RealWorld.Inventory;
using Df2.Learning.RealWorld.Nets;
using Df2.Learning.RealWorld.Vaccine;
using Df2.Learning.Solvers;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>The engine-side task-cost ops and the DFL implicit derivative against finite differences.</summary>
public class GradientOpTests
{
    [Fact]
    public void Saa_argmin_implicit_derivative_matches_the_smoothed_problem()
    {
        var cost = InventoryCost.Create();
        double h = 0.05;
        float[] ys = [0.8f, 1.1f, 1.3f, 0.95f, 1.6f];
        var samples = Tensor.FromArray(ys, 1, ys.Length, 1);
        samples.RequiresGrad = true;
        var solver = new ProjectedAdamSolver(2000, 0.01, 5);
        var a = SaaArgminOp.Apply(cost, 0, 3, solver, samples, h);
        a.Sum().Backward();
        var g = samples.Grad!.ToArray();
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
        Assert.Equal(aSmooth, a.ToArray()[0], 3); // the op solves the smoothed SAA
        for (int m = 0; m < ys.Length; m++)
        {
            var p = (double[])baseY.Clone(); p[m] += 1e-3;
            var q = (double[])baseY.Clone(); q[m] -= 1e-3;
            double fd = (Smoothed(p) - Smoothed(q)) / 2e-3;
            Assert.True(Math.Abs(fd - g[m]) < 0.01, $"sample {m}: implicit {g[m]}, FD of smoothed argmin {fd}");
        }
    }

    [Fact]
    public void Vaccine_cost_op_gradient_matches_the_simulator_adjoint_and_finite_differences()
    {
        var setup = VaccineSetup.Get(DataRoot.Resolve());
        var task = new VaccineTask(setup, new MirrorDescentSolver(10, 0.01), 0);
        var y = setup.Od.Y(setup.Od.TestOrigins[0]);
        var a0 = Enumerable.Range(0, 47).Select(i => (float)(5e6 / 47 * (0.5 + (i % 5) * 0.25))).ToArray();
        var actions = Tensor.FromArray(a0, 1, 47);
        actions.RequiresGrad = true;
        var c = TaskCostOps.CostOfActions(task, y, actions);
        c.Sum().Backward();
        var g = actions.Grad!.ToArray();
        var ad = a0.Select(v => (double)v).ToArray();
        foreach (int k in new[] { 0, 12, 26, 46 })
        {
            var p = (double[])ad.Clone(); p[k] += 1000;
            var q = (double[])ad.Clone(); q[k] -= 1000;
            double fd = (setup.Cost(y, p, [], []) - setup.Cost(y, q, [], [])) / 2000;
            Assert.True(Math.Abs(fd - g[k]) <= 1e-3 * Math.Abs(fd) + 1e-9, $"region {k}: op {g[k]}, FD {fd}");
            Assert.True(g[k] < 0, "more vaccine in a region never increases infections");
        }
        // gradient w.r.t. y (log OD) by the chain rule through W = exp(y)
        var gy = new double[y.Length];
        setup.Cost(y, ad, [], gy);
        int idx = 3 * 47 * 47 + 12 * 47 + 13; // day 3, Tokyo → Kanagawa
        var yp = (double[])y.Clone(); yp[idx] += 1e-4;
        var yq = (double[])y.Clone(); yq[idx] -= 1e-4;
        double fdy = (setup.Cost(yp, ad, [], []) - setup.Cost(yq, ad, [], [])) / 2e-4;
        Assert.True(Math.Abs(fdy - gy[idx]) <= 1e-4 * Math.Abs(fdy) + 1e-6, $"dC/dy: adjoint {gy[idx]}, FD {fdy}");
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
