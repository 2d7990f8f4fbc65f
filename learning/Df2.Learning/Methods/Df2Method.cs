using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// DF2 (§3). Model (eq. 4): g(x, a) = softmax([q(x)ᵀk_s/√d]_s)ᵀ [f(v_s, a)]_s with an MLP
/// encoder q, S learnable keys k_s ∈ ℝ^d and S learnable values v_s ∈ ℝ² initialised from
/// randomly chosen training labels. Loss (eq. 2, Algorithm 1): for each (x, y) in the batch,
/// J actions a_j ~ U(box), L = mean_{b,j} (g(x_b, a_bj) − f(y_b, a_bj))².
/// Decision: â(x) = argmin_{a ∈ box} g(x, a) by the shared solver (g is a weighted scenario sum).
/// </summary>
public sealed class Df2Method : TrainableMethod
{
    private readonly Df2Network _net;
    private readonly int _j;

    public Df2Method(SyntheticTask task, SyntheticDataset data, MethodSettings settings) : base(task, data, settings)
    {
        int s = settings.Int("S");
        _j = settings.Int("J");
        var labels = DataRng.For("df2-values", settings.Seed);
        var init = new float[s * 2];
        for (int k = 0; k < s; k++)
        {
            int row = data.TrainIndex[labels.NextInt(data.TrainIndex.Length)];
            init[2 * k] = (float)data.Y[2 * row];
            init[2 * k + 1] = (float)data.Y[2 * row + 1];
        }
        _net = new Df2Network(2, settings.Hidden, settings.Int("d"), s, init, InitRng);
    }

    public override Module Model => _net;

    public override Tensor BatchLoss(int[] rows, DataRng rng)
    {
        int b = rows.Length;
        var actions = new float[b * _j * 2];
        for (int k = 0; k < actions.Length; k++) actions[k] = (float)rng.Uniform(Task.Lo, Task.Hi);
        var y = Labels(rows);
        var target = new float[b * _j];
        for (int r = 0; r < b; r++)
            for (int j = 0; j < _j; j++)
            {
                int o = 2 * (r * _j + j);
                target[r * _j + j] = (float)(Task.Cost.Cost(y[2 * r], actions[o]) + Task.Cost.Cost(y[2 * r + 1], actions[o + 1]));
            }
        var weights = _net.AttentionWeights(Features(rows));                               // [B, S]
        var pairwise = PairwiseCostOp.Apply(Task.Cost, _net.Values, Tensor.FromArray(actions, b, _j, 2)); // [B, J, S]
        var g = pairwise.MatMul(weights.Unsqueeze(2)).Reshape(b, _j);                        // eq. 4
        var diff = g - Tensor.FromArray(target, b, _j);
        return (diff * diff).Mean();                                                         // eq. 2
    }

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        float[] w;
        using (Autograd.NoGrad()) w = _net.AttentionWeights(Features(rows)).ToArray();
        int s = _net.Points;
        var v = _net.Values.ToArray();
        var values = new double[2 * s];
        for (int k = 0; k < s; k++) { values[k] = v[2 * k]; values[s + k] = v[2 * k + 1]; }
        var objective = new ScenarioObjective(rows.Length, s, values, true, Array.ConvertAll(w, x => (double)x), false);
        return Solver.Solve(Task.Cost, Task.Lo, Task.Hi, objective, cancel);
    }
}
