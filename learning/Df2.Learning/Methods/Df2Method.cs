using Df2.Kernels.Ops;
using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// DF2 (§3). Model (eq. 4): g(x, a) = softmax([q(x)ᵀk_s/√d]_s)ᵀ [f(v_s, a)]_s with an MLP
/// encoder q, S learnable keys k_s ∈ ℝ^d and S learnable values v_s ∈ ℝ² initialised from
/// randomly chosen training labels. Loss (eq. 2, Algorithm 1): for each (x, y) in the batch,
/// J actions a_j ~ U(box), L = mean_{b,j} (g(x_b, a_bj) − f(y_b, a_bj))².
/// g is <see cref="WeightedPairwiseCost"/> (Df2.Kernels.Ops): the fused SIMD kernel for float32 on the CPU,
/// plain libtorch broadcasting elsewhere or when the cell sets fused = 0.
/// Decision: â(x) = argmin_{a ∈ box} g(x, a) by the shared solver (g is a weighted scenario sum).
/// </summary>
public sealed class Df2Method : TrainableMethod
{
    private readonly Df2Network _net;
    private readonly int _j;
    private readonly CostPath _path;

    public Df2Method(SyntheticTask task, SyntheticDataset data, MethodSettings settings, Device device) : base(task, data, settings, device)
    {
        int s = settings.Int("S");
        _j = settings.Int("J");
        _path = settings.Int("fused") == 1 ? CostPath.Auto : CostPath.Plain;
        var labels = DataRng.For("df2-values", settings.Seed);
        var init = new float[s * 2];
        for (int k = 0; k < s; k++)
        {
            int row = data.TrainIndex[labels.NextInt(data.TrainIndex.Length)];
            init[2 * k] = (float)data.Y[2 * row];
            init[2 * k + 1] = (float)data.Y[2 * row + 1];
        }
        _net = new Df2Network(2, settings.Hidden, settings.Int("d"), s, init, InitRng).to(device);
    }

    public override nn.Module Model => _net;

    public override Tensor BatchLoss(int[] rows, DataRng rng)
    {
        int b = rows.Length;
        var draws = new float[b * _j * 2];                                                   // a_bj ~ U(box), host stream
        for (int k = 0; k < draws.Length; k++) draws[k] = (float)rng.Uniform(Task.Lo, Task.Hi);
        var actions = tensor(draws, device: Device).reshape(b, _j, 2);                        // [B, J, 2]
        var target = Task.Objective(Labels(rows).unsqueeze(1), actions);                      // f(y_b, a_bj), [B, J]
        var weights = _net.call(Features(rows));                                              // [B, S]
        var g = WeightedPairwiseCost.Apply(Task.Cost.Coefficients, _net.Values, weights, actions, _path); // eq. 4, [B, J]
        return (g - target).square().mean();                                                  // eq. 2
    }

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        double[] w, v;
        using (NewDisposeScope())
        using (no_grad())
        {
            _net.eval();
            w = ToHost(_net.call(Features(rows)));                                              // [N, S]
            v = ToHost(_net.Values);                                                            // [S, 2]
        }
        int s = _net.Points;
        var values = new double[2 * s];
        for (int k = 0; k < s; k++) { values[k] = v[2 * k]; values[s + k] = v[2 * k + 1]; }
        var objective = new ScenarioObjective(rows.Length, s, values, true, w, false);
        return Solver.Solve(Task.Cost, Task.Lo, Task.Hi, objective, cancel);
    }
}
