using Df2.Learning.Nets;
using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Running;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>Two-stage PE: point forecaster trained by MSE; decide argmin_a f(ŷ(x), a) with the shared solver.</summary>
public sealed class TwoStagePeMethod : TrainableMethod
{
    private readonly PointForecaster net;
    public TwoStagePeMethod(IDecisionTask task, CellSettings s) : base(task, s) => net = new PointForecaster(NewEncoder(), task.YDim, InitRng);
    public override nn.Module Model => net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng)
    {
        var diff = net.forward(Features(Task.Data.Train, rows)) - LabelTensor(Task.Data.Train, rows);
        return (diff * diff).mean();
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        float[] yHat;
        using (NewDisposeScope())
        using (no_grad()) yHat = HostValues(net.forward(Features(split, rows)));
        int d = Task.YDim;
        var result = new double[rows.Length * Task.ADim];
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var scenario = new double[d];
            for (int i = 0; i < d; i++) scenario[i] = yHat[r * d + i];
            Task.Solve(scenario, [1.0], cancel).CopyTo(result, r * Task.ADim);
        });
        return result;
    }
}
