using Df2.Learning.Data;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.RealWorld.Running;
using static TorchSharp.torch;

namespace Df2.Learning.RealWorld.Methods;

/// <summary>Two-stage PE: point forecaster trained by MSE; decide argmin_a f(ŷ(x), a) with the shared solver.</summary>
public sealed class TwoStagePeRw : RealWorldMethod
{
    private readonly PointForecaster net;
    public TwoStagePeRw(IRealWorldTask task, RealWorldSettings s) : base(task, s) => net = new PointForecaster(NewEncoder(), task.YDim, InitRng);
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
