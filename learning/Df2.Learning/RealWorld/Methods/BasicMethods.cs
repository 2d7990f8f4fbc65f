using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.RealWorld.Nets;
using Df2.Learning.RealWorld.Running;
using Df2.Learning.RealWorld.Vaccine;

namespace Df2.Learning.RealWorld.Methods;

/// <summary>Encoder followed by a linear layer: the point forecaster / policy backbone.</summary>
public sealed class EncoderLinear : Module
{
    public SequenceEncoder Encoder { get; }
    public Linear Head { get; }
    public EncoderLinear(SequenceEncoder encoder, int outputs, Rng rng)
    {
        Encoder = Register("encoder", encoder);
        Head = Register("head", new Linear(encoder.OutputSize, outputs, rng));
    }
    public override Tensor Forward(Tensor x) => Head.Forward(Encoder.Forward(x));
}

/// <summary>Policy-net: x → a = Π_C(net(x)) (box: sigmoid scaling; simplex: Budget·softmax), loss mean f(y, a(x)).</summary>
public sealed class PolicyNetRw : RealWorldMethod
{
    private readonly EncoderLinear _net;
    public PolicyNetRw(IRealWorldTask task, RealWorldSettings s) : base(task, s) => _net = new EncoderLinear(NewEncoder(), task.ADim, InitRng);
    public override Module Model => _net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng)
    {
        var a = Task.ToAction(_net.Forward(Features(Task.Data.Train, rows)));
        return TaskCostOps.CostOfActions(Task, Labels(Task.Data.Train, rows), a).Mean();
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        using (Autograd.NoGrad())
            return Array.ConvertAll(Task.ToAction(_net.Forward(Features(split, rows))).ToArray(), v => (double)v);
    }
}

/// <summary>Point forecaster: encoder + linear layer (LSTM), or the DC-RNN decoder's point forecast (OD tensors).</summary>
public sealed class PointForecaster : Module
{
    private readonly SequenceEncoder _encoder;
    private readonly Linear? _linear;
    private readonly DcrnnForecastHeads? _graph;

    public PointForecaster(SequenceEncoder encoder, int d, Rng rng)
    {
        _encoder = Register("encoder", encoder);
        if (encoder is DcrnnEncoder g) _graph = Register("heads", new DcrnnForecastHeads(g, OdDataset.Days, 0, rng));
        else _linear = Register("head", new Linear(encoder.OutputSize, d, rng));
    }

    public override Tensor Forward(Tensor x) =>
        _graph != null ? _graph.Point((DcrnnEncoder)_encoder, x) : _linear!.Forward(_encoder.Forward(x));
}

/// <summary>Two-stage PE: point forecaster trained by MSE; decide argmin_a f(ŷ(x), a) with the shared solver.</summary>
public sealed class TwoStagePeRw : RealWorldMethod
{
    private readonly PointForecaster _net;
    public TwoStagePeRw(IRealWorldTask task, RealWorldSettings s) : base(task, s) => _net = new PointForecaster(NewEncoder(), task.YDim, InitRng);
    public override Module Model => _net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng)
    {
        var diff = _net.Forward(Features(Task.Data.Train, rows)) - ToTensor(Labels(Task.Data.Train, rows), rows.Length, Task.YDim);
        return (diff * diff).Mean();
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        float[] yHat;
        using (Autograd.NoGrad()) yHat = _net.Forward(Features(split, rows)).ToArray();
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
