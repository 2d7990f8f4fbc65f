using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.RealWorld.Nets;
using Df2.Learning.RealWorld.Running;
using Df2.Learning.RealWorld.Vaccine;

namespace Df2.Learning.RealWorld.Methods;

/// <summary>
/// Encoder followed by a k-component diagonal GMM head: a linear <see cref="GmmHead"/> on the LSTM's last
/// state (wind, inventory), or the DC-RNN decoder's <see cref="DcrnnForecastHeads"/> on OD tensors (vaccine).
/// </summary>
public sealed class GmmForecaster : Module
{
    private readonly GmmHead? _linear;
    private readonly DcrnnForecastHeads? _graph;
    public SequenceEncoder Encoder { get; }

    public GmmForecaster(SequenceEncoder encoder, int k, int d, Rng rng)
    {
        Encoder = Register("encoder", encoder);
        if (encoder is DcrnnEncoder g) _graph = Register("heads", new DcrnnForecastHeads(g, OdDataset.Days, k, rng));
        else _linear = Register("gmm", new GmmHead(encoder.OutputSize, k, d, rng));
    }

    public (Tensor Mean, Tensor LogVar, Tensor Logits) Mixture(Tensor x) =>
        _graph != null ? _graph.Mixture((DcrnnEncoder)Encoder, x) : _linear!.Parameters(Encoder.Forward(x));
}

/// <summary>
/// Two-stage k-GMM (§5.1): the forecaster outputs means, log-variances and weights and is trained
/// by NLL; the decision is the SAA argmin_a (1/M) Σ_m f(ŷ_m, a) over M = <c>samples</c> ancestral
/// samples, solved by the shared solver. The decision-focused baselines (dfl, so-ebm, lodl) derive
/// from it: they pre-train with this NLL for <c>pretrain_epochs</c> and then switch loss.
/// </summary>
public class TwoStageGmmRw : RealWorldMethod
{
    protected GmmForecaster Net { get; }
    public TwoStageGmmRw(IRealWorldTask task, RealWorldSettings s) : base(task, s)
        => Net = new GmmForecaster(NewEncoder(), s.Int("k"), task.YDim, InitRng);
    public override Module Model => Net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng) => NllLoss(rows);

    protected Tensor NllLoss(int[] rows)
    {
        var (mean, logVar, logits) = Net.Mixture(Features(Task.Data.Train, rows));
        return GmmHead.Nll(mean, logVar, logits, ToTensor(Labels(Task.Data.Train, rows), rows.Length, Task.YDim));
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        float[] mean, logVar, logits;
        using (Autograd.NoGrad())
        {
            var p = Net.Mixture(Features(split, rows));
            mean = p.Mean.ToArray(); logVar = p.LogVar.ToArray(); logits = p.Logits.ToArray();
        }
        int k = Settings.Int("k"), d = Task.YDim, m = Settings.Int("samples");
        var weights = Enumerable.Repeat(1.0 / m, m).ToArray();
        var result = new double[rows.Length * Task.ADim];
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var rng = DataRng.For("saa-samples", Settings.Seed, rows[r]);
            var samples = GmmHead.Samples(mean, logVar, logits, r, k, d, m, rng);
            Task.Solve(samples, weights, cancel).CopyTo(result, r * Task.ADim);
        });
        return result;
    }
}
