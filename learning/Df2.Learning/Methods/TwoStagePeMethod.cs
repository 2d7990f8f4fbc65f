using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// Two-stage point estimate (§5.1): ŷ(x) = MLP(x) trained by MSE, L = mean (ŷ − y)²;
/// decide â(x) = argmin_{a ∈ box} f(ŷ(x), a) with the shared solver.
/// </summary>
public sealed class TwoStagePeMethod : TrainableMethod
{
    private readonly Mlp _net;

    public TwoStagePeMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings, Device device) : base(task, data, settings, device) =>
        _net = new Mlp(2, settings.Hidden, 2, InitRng).to(device);

    public override nn.Module Model => _net;

    public override Tensor BatchLoss(int[] rows, DataRng rng) => (_net.call(Features(rows)) - Labels(rows)).square().mean();

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        double[] yHat;
        using (NewDisposeScope())
        using (no_grad())
        {
            _net.eval();
            yHat = ToHost(_net.call(Features(rows)));
        }
        return Solver.Solve(Task.Cost, Task.Lo, Task.Hi, ScenarioObjective.PointForecast(yHat), cancel);
    }
}
