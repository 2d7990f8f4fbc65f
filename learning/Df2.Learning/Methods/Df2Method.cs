using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Nets;
using Df2.Learning.Running;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// DF2 (§3): g(x, a) = Σ_s w_s(x) f(v_s, a) (eq. 4), values initialised from
/// random training labels (picked from the stream <c>DataRng.For("df2-values", seed)</c>) and learned; loss (eq. 2)
/// mean over the batch and J actions uniform on C of (g(x, a) − f(y, a))²; decision argmin_a g(x, a) with the task's solver (scenarios v_s, weights w(x)).
/// g itself is the task's <see cref="IDecisionTask.WeightedPairCosts"/> (the synthetic tasks: the fused kernel).
/// </summary>
public sealed class Df2Method : TrainableMethod
{
    private readonly Df2Network _net;
    private readonly int _j;

    public Df2Method(IDecisionTask task, CellSettings s) : base(task, s)
    {
        var p = s.Get<Df2Settings>();
        int points = p.AttentionPoints;
        _j = p.Actions;
        var pick = DataRng.For("df2-values", s.Seed);
        var train = task.Data.Train;
        var init = new float[points * task.YDim];
        for (int k = 0; k < points; k++)
        {
            int row = pick.NextInt(train.Count);
            for (int i = 0; i < task.YDim; i++) init[k * task.YDim + i] = (float)train.Y[row * task.YDim + i];
        }
        _net = new Df2Network(NewEncoder(), p.KeyDimension, points, init, task.YDim, InitRng);
    }

    public override nn.Module Model => _net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng)
    {
        int b = rows.Length, ad = Task.ADim;
        var actions = new double[b * _j * ad];
        for (int p = 0; p < b * _j; p++) Task.SampleAction(rng, actions.AsSpan(p * ad, ad));
        var a = tensor(actions, [b, _j, ad], device: Device);                                // J actions uniform on C per row
        Tensor target;
        using (no_grad())                                                                     // f(y_b, a_bj) [B, J], double precision
            target = Task.PairCosts(LabelTensor(Task.Data.Train, rows, ScalarType.Float64).unsqueeze(1), a)
                .reshape(b, _j).to(ScalarType.Float32);
        var w = _net.forward(Features(Task.Data.Train, rows));                               // [B, S]
        var g = Task.WeightedPairCosts(_net.Values, w, a.to(ScalarType.Float32));            // eq. 4: Σ_s w_s f(v_s, a_bj), [B, J]
        var diff = g - target;
        return (diff * diff).mean();                                                          // eq. 2
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        float[] w, v;
        using (NewDisposeScope())
        using (no_grad())
        {
            w = HostValues(_net.forward(Features(split, rows)));
            v = HostValues(_net.Values);
        }
        var values = Array.ConvertAll(v, x => (double)x);
        int s = values.Length / Task.YDim;
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
