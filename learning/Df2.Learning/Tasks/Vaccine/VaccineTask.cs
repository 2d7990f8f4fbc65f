using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// COVID-19 vaccine distribution (App. F.4): x = log(OD + 1) of the last 7 days [7, 47·47],
/// y = log(OD + 1) of the next 7 days [7·47·47], a ∈ {a ≥ 0, Σa ≤ 5·10⁶} (a ∈ ℝ⁴⁷), cost = weekly
/// new infections from the fitted SEIRV simulator (<see cref="VaccineSetup"/>, eq. 13).
/// Solver: <see cref="MirrorDescentSolver"/> (lr 0.01, 500 iterations); the oracle a*(y) is the
/// same solver on f(y, ·) with y known, always on the budget-share gradient.
/// </summary>
public sealed class VaccineTask : IDecisionTask
{
    public VaccineSetup Setup { get; }
    public MirrorDescentSolver Solver { get; }
    public string Name => "vaccine";
    public int SeqLen => OdDataset.Days;
    public int StepFeatures => OdDataset.Regions * OdDataset.Regions;
    public int YDim => OdDataset.Dim;
    public int ADim => OdDataset.Regions;
    public TaskData Data { get; }
    public ICoordinateCost? Separable => null;

    /// <summary>C = {a ≥ 0, Σa = Budget} with the task's mirror descent and prepared SEIRV scenarios.</summary>
    public SimplexDecisions Simplex { get; }

    public VaccineTask(VaccineSetup setup, MirrorDescentSolver solver, int maxTrain)
    {
        Setup = setup; Solver = solver;
        Simplex = new SimplexDecisions(ADim, YDim, VaccineSetup.Budget, solver, y => setup.Prepare(y), (y, a) => SeirvTorch.PairCosts(setup.Model, y, a));
        var od = setup.Od;
        WindowedSplit Split(int[] origins)
        {
            var x = new double[origins.Length * OdDataset.Dim];
            var y = new double[origins.Length * OdDataset.Dim];
            for (int n = 0; n < origins.Length; n++)
            {
                od.X(origins[n]).CopyTo(x, n * OdDataset.Dim);
                od.Y(origins[n]).CopyTo(y, n * OdDataset.Dim);
            }
            return new WindowedSplit(x, y, origins.Length);
        }
        var train = setup.Od.TrainOrigins;
        if (maxTrain > 0 && train.Length > maxTrain) train = train[^maxTrain..];
        var f = setup.Fit;
        Data = new TaskData(Split(train), Split(od.ValOrigins), Split(od.TestOrigins),
            $"vaccine: SEIRV fit sigma={f.Sigma:F3} gamma={f.Gamma:F3}, WAPE fit {f.FitWape:F3} / holdout {f.HoldoutWape:F3}; initial state {setup.InitialDate:yyyy-MM-dd}");
    }

    public double Cost(ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY)
        => Setup.Cost(y, a, gradA, gradY);

    /// <summary>Batched SEIRV cost (<see cref="SeirvCostFunction"/>; leading dims flattened).</summary>
    public Tensor PairCosts(Tensor y, Tensor a)
    {
        var lead = y.shape[..^2];
        var flatY = y.reshape(-1, y.shape[^2], YDim);
        var flatA = a.reshape(-1, a.shape[^2], ADim);
        var c = SeirvCostFunction.PairCosts(Setup, flatY, flatA);
        return c.reshape([.. lead, a.shape[^2], y.shape[^2]]);
    }

    /// <summary>a*(y) by mirror descent on the budget share, whatever <c>md_gradient</c> the decisions use (the regret's reference stays the optimum).</summary>
    public void Oracle(ReadOnlySpan<double> y, Span<double> a)
    {
        var scenario = Setup.Prepare(y);
        var best = (Solver with { Gradient = MirrorGradient.Share }).Solve(ADim, VaccineSetup.Budget, (aa, g) => scenario.Cost(aa, g, []));
        best.CopyTo(a);
    }

    /// <summary>Dirichlet(1) on the simplex scaled by the budget (normalised Exp(1) draws).</summary>
    public void SampleAction(DataRng rng, Span<double> a)
    {
        double z = 0;
        for (int i = 0; i < a.Length; i++) { a[i] = -Math.Log(1 - rng.NextDouble()); z += a[i]; }
        for (int i = 0; i < a.Length; i++) a[i] *= VaccineSetup.Budget / z;
    }

    public Tensor ToAction(Tensor logits) => logits.softmax(1) * (float)VaccineSetup.Budget;

    public double[] Solve(double[] scenarios, double[] weights, CancellationToken cancel)
    {
        int m = weights.Length, d = YDim;
        var prepared = new SeirvScenario[m];
        Parallel.For(0, m, s => prepared[s] = Setup.Prepare(scenarios.AsSpan(s * d, d)));
        return Solver.Solve(ADim, VaccineSetup.Budget, (a, g) =>
        {
            Array.Clear(g);
            var gs = new double[m][];
            var vs = new double[m];
            Parallel.For(0, m, s =>
            {
                gs[s] = new double[ADim];
                vs[s] = weights[s] * prepared[s].Cost(a, gs[s], []);
            });
            double v = 0;
            for (int s = 0; s < m; s++) { v += vs[s]; for (int i = 0; i < ADim; i++) g[i] += weights[s] * gs[s][i]; }
            return v;
        }, cancel);
    }
}
