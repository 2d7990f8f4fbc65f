using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Nets;
using Df2.Learning.Running;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// Two-stage k-GMM (§5.1): the forecaster outputs means, log-variances and weights and is trained
/// by NLL; the decision is the SAA argmin_a (1/M) Σ_m f(ŷ_m, a) over M = <c>samples</c> ancestral
/// samples, solved by the shared solver (each row's samples from its own stream, <see cref="SaaStream"/>). The decision-focused baselines (dfl, so-ebm, lodl) derive
/// from it: they pre-train with this NLL for <c>pretrain_epochs</c> and then switch loss.
/// </summary>
public class TwoStageGmmMethod : TrainableMethod
{
    protected GmmForecaster Net { get; }

    /// <summary>The forecaster's components and samples (<c>k</c>, <c>samples</c>, <c>tau</c>).</summary>
    protected GmmSettings Gmm { get; }

    public TwoStageGmmMethod(IDecisionTask task, CellSettings s) : base(task, s)
    {
        Gmm = s.Get<GmmSettings>();
        Net = new GmmForecaster(NewEncoder(), Gmm.Components, task.YDim, InitRng);
    }

    public override nn.Module Model => Net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng) => NllLoss(rows);

    protected Tensor NllLoss(int[] rows)
    {
        var (mean, logVar, logits) = Net.forward(Features(Task.Data.Train, rows));
        return GmmMath.Nll(mean, logVar, logits, LabelTensor(Task.Data.Train, rows));
    }

    /// <summary>
    /// "gmm_sd": the forecaster's mean predictive standard deviation (<see cref="GmmMath.Moments"/>) over the first
    /// 256 test windows and all coordinates, in the task's y units — how wide the distribution the SAA decides on is
    /// (a decision-focused loss that shrinks it towards a point forecast shows here).
    /// </summary>
    public override IReadOnlyDictionary<string, double> Diagnostics()
    {
        var test = Task.Data.Test;
        var rows = Enumerable.Range(0, Math.Min(256, test.Count)).ToArray();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var p = Net.forward(Features(test, rows));
        var (_, sd) = GmmMath.Moments(p.Mean, p.LogVar, p.Logits);
        return new Dictionary<string, double> { ["gmm_sd"] = sd.mean().to(ScalarType.Float64).cpu().item<double>() };
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        float[] mean, logVar, logits;
        using (NewDisposeScope())
        using (no_grad())
        {
            var p = Net.forward(Features(split, rows));
            mean = HostValues(p.Mean); logVar = HostValues(p.LogVar);
            logits = HostValues(p.Logits);
        }
        int k = Gmm.Components, d = Task.YDim, m = Gmm.Samples;
        var weights = Enumerable.Repeat(1.0 / m, m).ToArray();
        var result = new double[rows.Length * Task.ADim];
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var samples = GmmMath.Samples(mean, logVar, logits, r, k, d, m, SaaStream(Settings.Seed, rows[r]));
            Task.Solve(samples, weights, cancel).CopyTo(result, r * Task.ADim);
        });
        return result;
    }

    /// <summary>
    /// The SAA samples' stream of window <paramref name="row"/> of a split: <c>DataRng.For("saa-samples", seed, row)</c>, one per
    /// row, for every task. Why per row rather than one stream through the rows in order: a window's samples, and so its
    /// decision, are then a function of the seed and that window alone. With one sequential stream, row r's draws sit at an
    /// offset set by how many rows were decided before it in the same call, so deciding any subset other than a prefix
    /// (a chunk, one window to inspect it) gives different decisions for the same model; per-row streams also let the
    /// draws run inside the parallel solve instead of a sequential pass before it.
    /// </summary>
    public static DataRng SaaStream(int seed, int row) => DataRng.For("saa-samples", seed, row);
}
