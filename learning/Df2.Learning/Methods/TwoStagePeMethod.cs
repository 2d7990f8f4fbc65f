using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// Two-stage point estimate (§5.1): ŷ(x) = MLP(x) trained by MSE, L = mean (ŷ − y)²;
/// decide â(x) = argmin_{a ∈ box} f(ŷ(x), a) with the shared solver.
/// </summary>
public sealed class TwoStagePeMethod : TrainableMethod
{
    private readonly Mlp _net;

    public TwoStagePeMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings) : base(task, data, settings) =>
        _net = new Mlp(2, settings.Hidden, 2, InitRng);

    public override Module Model => _net;

    public override Tensor BatchLoss(int[] rows, DataRng rng)
    {
        var diff = _net.Forward(Features(rows)) - Tensor.FromArray(Labels(rows), rows.Length, 2);
        return (diff * diff).Mean();
    }

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        float[] yHat;
        using (Autograd.NoGrad()) yHat = _net.Forward(Features(rows)).ToArray();
        var objective = ScenarioObjective.PointForecast(Array.ConvertAll(yHat, v => (double)v));
        return Solver.Solve(Task.Cost, Task.Lo, Task.Hi, objective, cancel);
    }
}
