using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Methods;
using Df2.Learning.Nets;
using Df2.Learning.Running;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// SO-EBM (Kong et al. 2022): the forecaster defines an energy over decisions,
/// E(x, a) = (1/T)(1/M) Σ_m f(ŷ_m(x), a) with M Gumbel-softmax samples ŷ_m of the GMM, and is
/// trained to maximise the likelihood of the pre-computed optimal decision a* = a*(y) under
/// p(a | x) ∝ exp(−E(x, a)): loss = E(x, a*) + log Z(x), with Z estimated by self-normalised
/// importance sampling from P = <c>ebm_proposals</c> (paper 512) proposals a_j ~ q:
/// log Z ≈ logsumexp_j(−E(x, a_j) − log q(a_j)) − log P. Pre-trained as the two-stage model.
/// Box tasks: q = 3-component Gaussian mixture around a* (variances per task, App. F; proposals are
/// clipped into the box and the density of the unclipped mixture is used), a* in closed form per batch.
/// Budget simplex (vaccine): q = 3-component Dirichlet mixture around a*/Budget
/// (<see cref="SimplexProposals"/>, in place of App. F.4's projected Langevin dynamics); a*(y) is the
/// task's oracle (mirror descent, <c>solver_steps</c>, paper 500), computed once per cell for every
/// training row (in parallel, deterministic) and cached.
/// </summary>
public sealed class SoEbmMethod : WarmStartedGmmMethod
{
    private readonly double[] _variances = [];
    private readonly SimplexDecisions? _simplex;
    private double[]? _oracleCache;

    public SoEbmMethod(IDecisionTask task, CellSettings s) : base("so-ebm", task, s)
    {
        _simplex = task.Separable == null ? SimplexDecisions.Of(task) : null;
        if (_simplex == null) _variances = [.. BoxBounds.Task(task).ProposalVariances]; // the box task's own (App. F.3 / F.5)
    }

    protected override Tensor DecisionFocusedLoss(int[] rows, DataRng rng)
    {
        int b = rows.Length, p = Settings.Get<SoEbmSettings>().Proposals, c = p + 1;
        var (candidates, logQ) = _simplex != null ? SimplexCandidates(rows, p, rng) : BoxCandidates(rows, p, rng);
        var (mean, logVar, logits) = Net.forward(Features(Task.Data.Train, rows));
        var samples = GmmMath.RelaxedSamples(mean, logVar, logits, Gmm.Samples, (float)Gmm.Tau, SampleRng);
        var a = tensor(candidates, [b, c, Task.ADim], device: Device).to(ScalarType.Float32);
        var energy = Task.PairCosts(samples, a).mean([-1L]) * (float)(1.0 / Settings.Get<SoEbmSettings>().Temperature); // [B, C]: (1/T)(1/M) Σ_m f(ŷ_m, a_c)
        var eStar = energy[.., 0];
        var eProp = energy[.., 1..];
        var logZ = (-eProp - tensor(logQ, [b, p], device: Device)).logsumexp(1) - MathF.Log(p);
        return (eStar + logZ).mean();
    }

    /// <summary>Candidates [B, 1 + P, ADim] (a* first) and log q [B, P] from the Gaussian mixture on the box.</summary>
    private (double[] Candidates, float[] LogQ) BoxCandidates(int[] rows, int p, DataRng rng)
    {
        int b = rows.Length, d = Task.ADim, c = p + 1;
        var (lo, hi) = BoxBounds.Of(Task);
        var y = Labels(Task.Data.Train, rows);
        var candidates = new double[b * c * d];
        var logQ = new float[b * p];
        for (int r = 0; r < b; r++)
        {
            var star = candidates.AsSpan(r * c * d, d);
            Task.Oracle(y.AsSpan(r * d, d), star);
            for (int j = 0; j < p; j++)
            {
                double v = _variances[rng.NextInt(_variances.Length)], sd = Math.Sqrt(v);
                double lq = 0;
                var target = candidates.AsSpan((r * c + 1 + j) * d, d);
                var z = new double[d];
                for (int i = 0; i < d; i++) { z[i] = rng.NextNormal() * sd; target[i] = Math.Clamp(star[i] + z[i], lo, hi); }
                // log q = log Σ_c (1/3) N(z; 0, v_c I)
                double max = double.NegativeInfinity;
                var terms = new double[_variances.Length];
                for (int k = 0; k < _variances.Length; k++)
                {
                    double ss = 0;
                    for (int i = 0; i < d; i++) ss += z[i] * z[i];
                    terms[k] = Math.Log(1.0 / _variances.Length) - 0.5 * d * Math.Log(2 * Math.PI * _variances[k]) - 0.5 * ss / _variances[k];
                    max = Math.Max(max, terms[k]);
                }
                foreach (var t in terms) lq += Math.Exp(t - max);
                logQ[r * p + j] = (float)(max + Math.Log(lq));
            }
        }
        return (candidates, logQ);
    }

    /// <summary>Candidates [B, 1 + P, ADim] (cached a* first) and log q [B, P] from the Dirichlet mixture on the simplex.</summary>
    private (double[] Candidates, float[] LogQ) SimplexCandidates(int[] rows, int p, DataRng rng)
    {
        int b = rows.Length, d = Task.ADim, c = p + 1;
        var oracle = OptimalTrainingDecisions();
        var candidates = new double[b * c * d];
        var logQ = new float[b * p];
        for (int r = 0; r < b; r++)
        {
            var star = oracle.AsSpan(rows[r] * d, d);
            star.CopyTo(candidates.AsSpan(r * c * d, d));
            for (int j = 0; j < p; j++)
                logQ[r * p + j] = (float)SimplexProposals.Sample(rng, star, _simplex!.Budget, candidates.AsSpan((r * c + 1 + j) * d, d));
        }
        return (candidates, logQ);
    }

    /// <summary>a*(y_n) for every training row [n_train, ADim] by the task's oracle; computed once, in parallel.</summary>
    public double[] OptimalTrainingDecisions()
    {
        if (_oracleCache != null) return _oracleCache;
        var train = Task.Data.Train;
        int d = Task.ADim, yd = Task.YDim;
        var result = new double[train.Count * d];
        Parallel.For(0, train.Count, n => Task.Oracle(train.Y.AsSpan(n * yd, yd), result.AsSpan(n * d, d)));
        return _oracleCache = result;
    }
}
