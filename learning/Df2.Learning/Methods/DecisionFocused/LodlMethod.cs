using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Methods;
using Df2.Learning.Nets;
using Df2.Learning.Running;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// LODL (Shah et al. 2022), WeightedMSE surrogate family: for each training label y_n, the decision
/// loss DL_n(ŷ) = f(y_n, a*(ŷ)) − f(y_n, a*(y_n)) is approximated around y_n by
/// LODL_n(ŷ) = Σ_i w_{n,i} (ŷ_i − y_{n,i})², w ≥ 0, fitted once per cell from K = <c>lodl_perturbations</c>
/// perturbed labels (σ = <c>lodl_sigma</c>). Separable box tasks: DL_n is a sum of per-coordinate
/// terms, so each w_{n,i} is fitted by least squares on its own term:
/// w_{n,i} = max(0, Σ_k dl_{k,i} ε_{k,i}² / Σ_k ε_{k,i}⁴), ε ~ N(0, σ²).
/// Budget-simplex task (vaccine): one weight per origin prefecture, w_{n,i} = w_{n,g(i)}, fitted by
/// non-negative least squares on the whole DL_n with a* by mirror descent (<see cref="GroupedLodlFit"/>).
/// The GMM forecaster is pre-trained as the two-stage model, then trained on the surrogate; decisions as the
/// two-stage model. What the surrogate scores (<c>lodl_target</c>):
/// <list type="bullet">
/// <item><c>samples</c> (default): the mean surrogate over M Gumbel-softmax samples ŷ_m. Since
/// E_m Σ_i w_i (ŷ_{m,i} − y_i)² = Σ_i w_i ((E ŷ_i − y_i)² + Var ŷ_i), this also shrinks the predictive spread towards a
/// point forecast (measured by the <c>gmm_sd</c> diagnostic);</item>
/// <item><c>mean</c>: the surrogate of the mixture mean E[ŷ] = Σ_k π_k μ_k only (LODL's original point-forecast
/// form), which leaves the spread to the pre-training.</item>
/// </list>
/// </summary>
public sealed class LodlMethod : WarmStartedGmmMethod
{
    private readonly SimplexDecisions? _simplex;
    private readonly int[]? _groups;
    private double[]? _weights;

    public LodlMethod(IDecisionTask task, CellSettings s) : base("lodl", task, s)
    {
        if (task.Separable != null) return;
        _simplex = SimplexDecisions.Of(task);
        _groups = GroupedLodlFit.OriginGroups(task.YDim, task.ADim);
    }

    /// <summary>Number of weights per training row: D (box) or the group count G (simplex).</summary>
    public int WeightsPerRow => _groups == null ? Task.YDim : Task.ADim;

    /// <summary>The fitted surrogate weights [n_train, WeightsPerRow] (computed once, deterministic in the training seed).</summary>
    public double[] SurrogateWeights()
    {
        if (_weights != null) return _weights;
        var train = Task.Data.Train;
        var lodl = Settings.Get<LodlSettings>();
        int k = lodl.Perturbations;
        double sigma = lodl.Sigma;
        if (_simplex != null)
            return _weights = GroupedLodlFit.Fit(_simplex, train, _groups!, WeightsPerRow, k, sigma, Settings.Seed);
        int d = Task.YDim;
        var cost = Task.Separable!;
        var (lo, hi) = BoxBounds.Of(Task);
        var w = new double[train.Count * d];
        Parallel.For(0, train.Count, n =>
        {
            var rng = DataRng.For("lodl-perturb", Settings.Seed, n);
            for (int i = 0; i < d; i++)
            {
                double y = train.Y[n * d + i];
                double best = cost.Cost(y, cost.OracleAction(y, lo, hi));
                double num = 0, den = 0;
                for (int s = 0; s < k; s++)
                {
                    double e = sigma * rng.NextNormal();
                    double dl = cost.Cost(y, cost.OracleAction(y + e, lo, hi)) - best;
                    num += dl * e * e; den += e * e * e * e;
                }
                w[n * d + i] = den > 0 ? Math.Max(0, num / den) : 0;
            }
        });
        return _weights = w;
    }

    protected override Tensor DecisionFocusedLoss(int[] rows, DataRng rng)
    {
        var all = SurrogateWeights();
        int b = rows.Length, d = Task.YDim, per = WeightsPerRow;
        var w = new float[b * d];
        for (int r = 0; r < b; r++)
            for (int i = 0; i < d; i++) w[r * d + i] = (float)all[rows[r] * per + (_groups == null ? i : _groups[i])];  // w_{n,i} (= w_{n,g(i)})
        var (mean, logVar, logits) = Net.forward(Features(Task.Data.Train, rows));
        var predicted = Settings.Get<LodlSettings>().Target == "mean"
            ? GmmMath.Moments(mean, logVar, logits).Mean.unsqueeze(1)                                                   // [B, 1, D]
            : GmmMath.RelaxedSamples(mean, logVar, logits, Gmm.Samples, (float)Gmm.Tau, SampleRng); // [B, M, D]
        var diff = predicted - LabelTensor(Task.Data.Train, rows).unsqueeze(1);
        return (diff * diff * tensor(w, [b, 1, d], device: Device)).sum(2L).mean();             // mean_{b,m} Σ_i w_i (ŷ_i − y_i)²
    }
}
