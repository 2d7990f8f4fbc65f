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
/// samples, solved by the shared solver (samples from one stream over the test rows or one per row, as the task's
/// <see cref="ReproductionProfile"/> says). The decision-focused baselines (dfl, so-ebm, lodl) derive
/// from it: they pre-train with this NLL for <c>pretrain_epochs</c> and then switch loss.
/// </summary>
public class TwoStageGmmMethod : TrainableMethod
{
    protected GmmForecaster Net { get; }
    public TwoStageGmmMethod(IDecisionTask task, CellSettings s) : base(task, s)
        => Net = new GmmForecaster(NewEncoder(), s.Int("k"), task.YDim, task.Profile.MaxLogVar, InitRng);
    public override nn.Module Model => Net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng) => NllLoss(rows);

    protected Tensor NllLoss(int[] rows)
    {
        var (mean, logVar, logits) = Net.forward(Features(Task.Data.Train, rows));
        return GmmMath.Nll(mean, logVar, logits, LabelTensor(Task.Data.Train, rows), Task.Profile.NllPrecisionFromNegExp);
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
        bool shared = Task.Profile.SharedSaaStream;
        float[] mean, logVar, logits;
        using (NewDisposeScope())
        using (no_grad())
        {
            var p = Net.forward(Features(split, rows));
            mean = HostValues(p.Mean); logVar = HostValues(p.LogVar);
            logits = HostValues(shared ? p.Logits.log_softmax(1) : p.Logits);
        }
        int k = Settings.Int("k"), d = Task.YDim, m = Settings.Int("samples");
        var weights = Enumerable.Repeat(1.0 / m, m).ToArray();
        var result = new double[rows.Length * Task.ADim];
        // one "gmm-saa" stream over the rows in order, or one "saa-samples" stream per row (ReproductionProfile.SharedSaaStream)
        var drawn = shared ? GmmMath.SequentialSamples(mean, logVar, logits, rows.Length, k, d, m, DataRng.For("gmm-saa", Settings.Seed)) : null;
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var samples = drawn?[r] ?? GmmMath.Samples(mean, logVar, logits, r, k, d, m, DataRng.For("saa-samples", Settings.Seed, rows[r]));
            Task.Solve(samples, weights, cancel).CopyTo(result, r * Task.ADim);
        });
        return result;
    }
}
