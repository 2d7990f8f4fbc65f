using Df2.Learning.Data;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// Policy network (§5.1): â(x) = lo + (hi − lo)·σ(MLP(x)), trained on the task loss
/// L = mean_b f(y_b, â(x_b)) (batched tensor cost, autograd through it). The map into the box is a sigmoid
/// reparameterisation rather than a clamp, because a clamp has zero gradient outside the box and can stall
/// training. No solver.
/// </summary>
public sealed class PolicyNetMethod : TrainableMethod
{
    private readonly Mlp _net;

    public PolicyNetMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings, Device device) : base(task, data, settings, device) =>
        _net = new Mlp(2, settings.Hidden, 2, InitRng).to(device);

    public override nn.Module Model => _net;

    private Tensor Act(Tensor x) => _net.call(x).sigmoid() * (Task.Hi - Task.Lo) + Task.Lo;

    public override Tensor BatchLoss(int[] rows, DataRng rng) =>
        Task.Objective(Labels(rows), Act(Features(rows))).mean();

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _net.eval();
        var a = ToHost(Act(Features(rows)));
        return Array.ConvertAll(a, v => Math.Clamp(v, Task.Lo, Task.Hi));
    }
}
