using System.Globalization;
using Df2.Learning.Tasks.Vaccine;

namespace Df2.Fidelity;

/// <summary>
/// Why the vaccine oracle is degenerate, and what eq. 14 read literally does. On each test window y (the true next-week
/// OD) it measures, with the task's fitted SEIRV simulator f(y, a) = weekly new infections:
/// the oracle a*(y) (mirror descent on the budget share, the task's default), the even split, the paper's eq. 14 with the
/// dose gradient (η = 0.01, 500 iterations), the dose gradient ∇_a f at the even split, and the curvature of f along the
/// segment from the even split to the oracle (a linear f makes the oracle a vertex of the simplex).
/// </summary>
public static class VaccineProbe
{
    public static void Run(string dataRoot, int maxWindows, TextWriter output)
    {
        var setup = VaccineSetup.Get(dataRoot);
        var od = setup.Od;
        int k = OdDataset.Regions;
        double budget = VaccineSetup.Budget;
        var share = new MirrorDescentSolver(500, 0.01, MirrorGradient.Share);
        var dose = new MirrorDescentSolver(500, 0.01, MirrorGradient.Dose);
        var origins = maxWindows > 0 ? od.TestOrigins.Take(maxWindows).ToArray() : od.TestOrigins;
        var even = Enumerable.Repeat(budget / k, k).ToArray();
        var rows = new List<Row>();
        foreach (var origin in origins)
        {
            var scenario = setup.Prepare(od.Y(origin));
            double F(double[] a) => scenario.Cost(a, [], []);
            double ValueAndGrad(double[] a, double[] g) => scenario.Cost(a, g, []);
            var oracle = share.Solve(k, budget, ValueAndGrad);
            var literal = dose.Solve(k, budget, ValueAndGrad);
            var g0 = new double[k];
            double fEven = scenario.Cost(even, g0, []);
            double fOracle = F(oracle), fLiteral = F(literal);
            // curvature: f on the segment even → oracle against the chord, relative to the drop f(even) − f(oracle)
            double maxBow = 0;
            for (int s = 1; s < 4; s++)
            {
                double t = s / 4.0;
                var mid = new double[k];
                for (int i = 0; i < k; i++) mid[i] = (1 - t) * even[i] + t * oracle[i];
                double chord = (1 - t) * fEven + t * fOracle;
                maxBow = Math.Max(maxBow, Math.Abs(F(mid) - chord) / Math.Max(fEven - fOracle, 1e-12));
            }
            int top = Array.IndexOf(oracle, oracle.Max());
            double literalMove = literal.Select(v => Math.Abs(v - budget / k) / (budget / k)).Max();
            rows.Add(new Row(origin, fOracle, fEven, fLiteral, oracle[top] / budget, top, oracle.Count(v => v > 0.01 * budget),
                g0.Min(), g0.Max(), literalMove, maxBow, fEven - F(Vertex(k, top, budget))));
        }
        Write(output, setup, rows);
    }

    private static double[] Vertex(int k, int region, double budget)
    {
        var a = new double[k];
        a[region] = budget;
        return a;
    }

    private sealed record Row(int Origin, double Oracle, double Even, double Literal, double TopShare, int TopRegion, int RegionsOver1Pct,
        double GradMin, double GradMax, double LiteralMaxRelMove, double MaxBow, double VertexGain);

    private static void Write(TextWriter o, VaccineSetup setup, List<Row> rows)
    {
        string F(double v, string fmt = "F2") => v.ToString(fmt, CultureInfo.InvariantCulture);
        double Mean(Func<Row, double> f) => rows.Average(f);
        double Std(Func<Row, double> f) { double m = Mean(f); return Math.Sqrt(rows.Sum(r => (f(r) - m) * (f(r) - m)) / Math.Max(1, rows.Count - 1)); }
        var fit = setup.Fit;
        o.WriteLine($"# vaccine probe: {rows.Count} test windows, initial state {setup.InitialDate:yyyy-MM-dd}, budget {VaccineSetup.Budget:G3}");
        o.WriteLine($"SEIRV fit: sigma {F(fit.Sigma, "F3")}, gamma {F(fit.Gamma, "F3")}, beta range {F(fit.Beta.Min(), "F3")}–{F(fit.Beta.Max(), "F3")}, WAPE fit {F(fit.FitWape, "F3")} / holdout {F(fit.HoldoutWape, "F3")}");
        var s0 = setup.Model.Initial;
        int topRegion = rows.GroupBy(r => r.TopRegion).OrderByDescending(g => g.Count()).First().Key;
        o.WriteLine($"initial state region {topRegion}: S {F(s0.S[topRegion], "G4")}, E {F(s0.E[topRegion], "G4")}, I {F(s0.I[topRegion], "G4")}, N {F(setup.Model.N[topRegion], "G4")}; budget / S = {F(VaccineSetup.Budget / s0.S[topRegion], "F3")}");
        o.WriteLine();
        o.WriteLine("| quantity | mean ± std over windows |");
        o.WriteLine("|---|---|");
        o.WriteLine($"| f(y, a*) oracle (share-gradient mirror descent) | {F(Mean(r => r.Oracle))} ± {F(Std(r => r.Oracle))} |");
        o.WriteLine($"| regret of the even split | {F(Mean(r => r.Even - r.Oracle))} ± {F(Std(r => r.Even - r.Oracle))} |");
        o.WriteLine($"| regret of eq. 14 read literally (dose gradient, η 0.01, 500 it) on the true y | {F(Mean(r => r.Literal - r.Oracle))} ± {F(Std(r => r.Literal - r.Oracle))} |");
        o.WriteLine($"| largest relative move of that iterate from the even split | {F(Mean(r => r.LiteralMaxRelMove), "E2")} |");
        o.WriteLine($"| ∂f/∂a at the even split (infections per dose), min … max | {F(rows.Min(r => r.GradMin), "E2")} … {F(rows.Max(r => r.GradMax), "E2")} |");
        o.WriteLine($"| oracle's share of the budget on its top region | {F(Mean(r => r.TopShare), "F4")} (min {F(rows.Min(r => r.TopShare), "F4")}) |");
        o.WriteLine($"| regions receiving > 1% of the budget in the oracle | {F(Mean(r => r.RegionsOver1Pct), "F2")} |");
        o.WriteLine($"| top region of the oracle (index: windows) | {string.Join(", ", rows.GroupBy(r => r.TopRegion).Select(g => $"{g.Key}: {g.Count()}"))} |");
        o.WriteLine($"| max |f − chord| / (f(even) − f(a*)) on the segment even → a* (0 = linear) | {F(rows.Max(r => r.MaxBow), "E2")} |");
        o.WriteLine($"| infections saved by the top-region vertex vs the even split | {F(Mean(r => r.VertexGain))} |");
    }
}
