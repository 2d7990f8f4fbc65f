using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// Policy network (§5.1): â(x) = lo + (hi − lo)·σ(MLP(x)), trained on the task loss
/// L = mean_b f(y_b, â(x_b)). The map into the box is a sigmoid reparameterisation rather than a
/// clamp, because a clamp has zero gradient outside the box and can stall training. No solver.
/// </summary>
public sealed class PolicyNetMethod : TrainableMethod
{
    private readonly Mlp _net;

    public PolicyNetMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings) : base(task, data, settings) =>
        _net = new Mlp(2, settings.Hidden, 2, InitRng);

    public override Module Model => _net;

    private Tensor Act(Tensor x) => _net.Forward(x).Sigmoid() * (float)(Task.Hi - Task.Lo) + (float)Task.Lo;

    public override Tensor BatchLoss(int[] rows, DataRng rng) =>
        PointCostOp.Apply(Task.Cost, Labels(rows), Act(Features(rows))).Mean();

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        using var _ = Autograd.NoGrad();
        var a = Act(Features(rows)).ToArray();
        return Array.ConvertAll(a, v => Math.Clamp(v, Task.Lo, Task.Hi));
    }
}
