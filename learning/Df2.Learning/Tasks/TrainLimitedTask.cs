using Df2.Learning.Data;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>The same task with replaced data splits (used to cap the training set for quick runs).</summary>
public sealed class TrainLimitedTask(IDecisionTask inner, TaskData data) : IDecisionTask
{
    public string Name => inner.Name;
    public int SeqLen => inner.SeqLen;
    public int StepFeatures => inner.StepFeatures;
    public int YDim => inner.YDim;
    public int ADim => inner.ADim;
    public TaskData Data { get; } = data;
    public ICoordinateCost? Separable => inner.Separable;
    public IDecisionTask Inner => inner;
    public ITestProtocolTask? Protocol => inner.Protocol;
    public double Cost(ReadOnlySpan<double> y, ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradY) => inner.Cost(y, a, gradA, gradY);
    public Tensor PairCosts(Tensor y, Tensor a) => inner.PairCosts(y, a);
    public Tensor WeightedPairCosts(Tensor values, Tensor weights, Tensor actions) => inner.WeightedPairCosts(values, weights, actions);
    public void Oracle(ReadOnlySpan<double> y, Span<double> a) => inner.Oracle(y, a);
    public void SampleAction(DataRng rng, Span<double> a) => inner.SampleAction(rng, a);
    public Tensor ToAction(Tensor logits) => inner.ToAction(logits);
    public double[] Solve(double[] scenarios, double[] weights, CancellationToken cancel) => inner.Solve(scenarios, weights, cancel);
}
