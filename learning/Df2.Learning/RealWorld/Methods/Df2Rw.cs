using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.RealWorld.Nets;
using Df2.Learning.RealWorld.Running;

namespace Df2.Learning.RealWorld.Methods;

/// <summary>DF2's network on a real-world task: shared encoder → query q(x) ∈ ℝ^d; keys K [S, d]; values V [S, YDim].</summary>
public sealed class Df2RwNetwork : Module
{
    private readonly SequenceEncoder _encoder;
    private readonly Linear _query;
    private readonly int _d;
    public Tensor Keys { get; }
    public Tensor Values { get; }

    public Df2RwNetwork(SequenceEncoder encoder, int d, int points, float[] valueInit, int yDim, Rng rng)
    {
        _d = d;
        _encoder = Register("encoder", encoder);
        _query = Register("query", new Linear(encoder.OutputSize, d, rng));
        var keys = rng.Normal(0f, 1f, points, d);
        keys.RequiresGrad = true;
        Keys = Register("keys", keys);
        var values = Tensor.FromArray(valueInit, points, yDim);
        values.RequiresGrad = true;
        Values = Register("values", values);
    }

    /// <summary>w(x) = softmax(q(x)Kᵀ/√d) [B, S] (eq. 4).</summary>
    public Tensor Weights(Tensor x) => (_query.Forward(_encoder.Forward(x)).MatMul(Keys.Transpose(0, 1)) * (1f / MathF.Sqrt(_d))).Softmax(1);
}

/// <summary>
/// DF2 (§3) on a real-world task: g(x, a) = Σ_s w_s(x) f(v_s, a) (eq. 4), values initialised from
/// random training labels and learned; loss (eq. 2) mean over the batch and J actions uniform on C
/// of (g(x, a) − f(y, a))²; decision argmin_a g(x, a) with the task's solver (scenarios v_s, weights w(x)).
/// </summary>
public sealed class Df2Rw : RealWorldMethod
{
    private readonly Df2RwNetwork _net;
    private readonly int _j;

    public Df2Rw(IRealWorldTask task, RealWorldSettings s) : base(task, s)
    {
        int points = s.Int("S");
        _j = s.Int("J");
        var pick = DataRng.For("df2-rw-values", s.Seed);
        var train = task.Data.Train;
        var init = new float[points * task.YDim];
        for (int k = 0; k < points; k++)
        {
            int row = pick.NextInt(train.Count);
            for (int i = 0; i < task.YDim; i++) init[k * task.YDim + i] = (float)train.Y[row * task.YDim + i];
        }
        _net = new Df2RwNetwork(NewEncoder(), s.Int("d"), points, init, task.YDim, InitRng);
    }

    public override Module Model => _net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng)
    {
        int b = rows.Length, ad = Task.ADim, yd = Task.YDim;
        var actions = new double[b * _j * ad];
        for (int p = 0; p < b * _j; p++) Task.SampleAction(rng, actions.AsSpan(p * ad, ad));
        var y = Labels(Task.Data.Train, rows);
        var target = new float[b * _j];
        Parallel.For(0, b, r =>
        {
            for (int jj = 0; jj < _j; jj++)
                target[r * _j + jj] = (float)Task.Cost(y.AsSpan(r * yd, yd), actions.AsSpan((r * _j + jj) * ad, ad), [], []);
        });
        var w = _net.Weights(Features(Task.Data.Train, rows));                        // [B, S]
        var pair = TaskCostOps.PairwiseValues(Task, _net.Values, actions, b, _j);     // [B, J, S]
        var g = pair.MatMul(w.Unsqueeze(2)).Reshape(b, _j);                           // eq. 4
        var diff = g - Tensor.FromArray(target, b, _j);
        return (diff * diff).Mean();                                                  // eq. 2
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        float[] w;
        using (Autograd.NoGrad()) w = _net.Weights(Features(split, rows)).ToArray();
        var values = Array.ConvertAll(_net.Values.ToArray(), v => (double)v);
        int s = _net.Values.Shape[0];
        var result = new double[rows.Length * Task.ADim];
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var weights = new double[s];
            for (int k = 0; k < s; k++) weights[k] = w[r * s + k];
            Task.Solve(values, weights, cancel).CopyTo(result, r * Task.ADim);
        });
        return result;
    }
}
