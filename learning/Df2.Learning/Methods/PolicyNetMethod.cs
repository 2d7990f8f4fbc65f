using Df2.Learning.Nets;
using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Running;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>Policy-net: x → a = Π_C(net(x)) (box: sigmoid scaling; simplex: Budget·softmax), loss mean_b f(y_b, a(x_b))
/// (§5.1; the sigmoid map rather than a clamp, which has zero gradient outside the box).</summary>
public sealed class PolicyNetMethod : TrainableMethod
{
    private readonly EncoderLinear net;
    public PolicyNetMethod(IDecisionTask task, CellSettings s) : base(task, s) => net = new EncoderLinear(NewEncoder(), task.ADim, InitRng);
    public override nn.Module Model => net;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng)
    {
        var a = Task.ToAction(net.forward(Features(Task.Data.Train, rows)));                // [B, ADim]
        var y = LabelTensor(Task.Data.Train, rows);                                          // [B, YDim]
        return Task.PairCosts(y.unsqueeze(1), a.unsqueeze(1)).mean();                        // mean_b f(y_b, a_b)
    }

    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Array.ConvertAll(HostValues(Task.ToAction(net.forward(Features(split, rows)))), v => (double)v);
    }
}
