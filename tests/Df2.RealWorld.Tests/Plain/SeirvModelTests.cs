using Df2.Learning.Tasks.Vaccine;

namespace Df2.RealWorld.Tests.Plain;

/// <summary>SEIRV (eq. 13): a 2-region Euler step computed by hand, and the adjoint gradient vs finite differences.</summary>
public class SeirvModelTests
{
    private static SeirvModel TwoRegions()
    {
        var x = new SeirvState(2);
        x.S[0] = 900; x.E[0] = 50; x.I[0] = 40; x.R[0] = 10; x.V[0] = 0;
        x.S[1] = 400; x.E[1] = 40; x.I[1] = 50; x.R[1] = 10; x.V[1] = 0;
        return new SeirvModel([0.5, 0.3], [0.2, 0.2], [0.1, 0.1], [1000, 500], x);
    }

    [Fact]
    public void Two_region_step_matches_hand_computation()
    {
        var m = TwoRegions();
        // OD [[90,10],[20,80]] → ỹ[0,1] = 0.1, ỹ[1,0] = 0.2; a = (70, 0) over T = 7 days → v₀ = 10/day.
        var tilde = new double[4];
        m.Normalise([90, 10, 20, 80], tilde, new double[2]);
        Assert.Equal([0.9, 0.1, 0.2, 0.8], tilde);
        var next = new SeirvState(2);
        double inf = m.Step(m.Initial, tilde, [70, 0], next);
        // region 0: inf = 0.5·900·40/1000 = 18; vS = 10·900/950, vE = 10·50/950; mob(S) = 0.2·400 − 0.1·900 = −10
        Assert.Equal(900 - 18 - 9000.0 / 950 - 10, next.S[0], 9);
        Assert.Equal(50 + 18 - 10 - 500.0 / 950 + 3, next.E[0], 9);  // mob(E) = 0.2·40 − 0.1·50 = 3
        Assert.Equal(40 + 10 - 4 + 6, next.I[0], 9);                  // mob(I) = 0.2·50 − 0.1·40 = 6
        Assert.Equal(10 + 4 + 1, next.R[0], 9);                       // mob(R) = 0.2·10 − 0.1·10 = 1
        Assert.Equal(10, next.V[0], 9);
        // region 1: inf = 0.3·400·50/500 = 12; mob(S) = 0.1·900 − 0.2·400 = 10
        Assert.Equal(400 - 12 + 10, next.S[1], 9);
        Assert.Equal(40 + 12 - 8 - 3, next.E[1], 9);
        Assert.Equal(50 + 8 - 5 - 6, next.I[1], 9);
        Assert.Equal(10 + 5 - 1, next.R[1], 9);
        Assert.Equal(0, next.V[1], 9);
        Assert.Equal(30, inf, 9);
        // people are conserved per step (mobility moves, vaccination relabels)
        double before = 1500, after = 0;
        for (int k = 0; k < 2; k++) after += next.S[k] + next.E[k] + next.I[k] + next.R[k] + next.V[k];
        Assert.Equal(before, after, 9);
    }

    [Fact]
    public void Vaccinating_reduces_new_infections()
    {
        var m = TwoRegions();
        var w = Enumerable.Range(0, 7).SelectMany(_ => new double[] { 90, 10, 20, 80 }).ToArray();
        Assert.True(m.NewInfections(w, [70, 70]) < m.NewInfections(w, [0, 0]));
    }

    [Fact]
    public void Gradient_wrt_vaccines_and_OD_matches_finite_differences()
    {
        int K = 5;
        var rng = new Random(7);
        var x = new SeirvState(K);
        var n = new double[K];
        for (int k = 0; k < K; k++)
        {
            n[k] = 1e4 * (1 + k);
            x.E[k] = 50 + 30 * rng.NextDouble(); x.I[k] = 80 + 50 * rng.NextDouble(); x.R[k] = 100;
            x.S[k] = n[k] - x.E[k] - x.I[k] - x.R[k];
        }
        var beta = Enumerable.Range(0, K).Select(k => 0.2 + 0.1 * k).ToArray();
        var m = new SeirvModel(beta, Enumerable.Repeat(0.25, K).ToArray(), Enumerable.Repeat(0.12, K).ToArray(), n, x);
        var w = Enumerable.Range(0, 7 * K * K).Select(i => (i % (K + 1) == 0 ? 500.0 : 5.0) + 20 * rng.NextDouble()).ToArray();
        var a = Enumerable.Range(0, K).Select(k => 2000.0 * (k + 1)).ToArray();
        var gA = new double[K];
        var gW = new double[w.Length];
        m.Run(w, a, gA, gW);
        for (int k = 0; k < K; k++)
        {
            double h = 1.0;
            var ap = (double[])a.Clone(); ap[k] += h;
            var am = (double[])a.Clone(); am[k] -= h;
            double fd = (m.NewInfections(w, ap) - m.NewInfections(w, am)) / (2 * h);
            Assert.True(Math.Abs(fd - gA[k]) <= 1e-6 * Math.Max(1, Math.Abs(fd)) + 1e-9, $"dC/da[{k}]: adjoint {gA[k]}, FD {fd}");
        }
        for (int idx = 0; idx < w.Length; idx += 7)
        {
            double h = 1e-3 * w[idx];
            var wp = (double[])w.Clone(); wp[idx] += h;
            var wm = (double[])w.Clone(); wm[idx] -= h;
            double fd = (m.NewInfections(wp, a) - m.NewInfections(wm, a)) / (2 * h);
            Assert.True(Math.Abs(fd - gW[idx]) <= 1e-5 * Math.Max(1e-3, Math.Abs(fd)), $"dC/dW[{idx}]: adjoint {gW[idx]}, FD {fd}");
        }
    }

    [Fact]
    public void Capped_vaccination_is_consistent_with_finite_differences()
    {
        var m = TwoRegions();
        var w = Enumerable.Range(0, 7).SelectMany(_ => new double[] { 90, 10, 20, 80 }).ToArray();
        var a = new[] { 1e5, 100.0 }; // region 0 gets more than S+E per day → capped
        var g = new double[2];
        m.Run(w, a, g, []);
        Assert.Equal(0.0, g[0], 12);
        double fd = (m.NewInfections(w, [1e5, 101]) - m.NewInfections(w, [1e5, 99])) / 2;
        Assert.Equal(fd, g[1], 6);
    }
}
