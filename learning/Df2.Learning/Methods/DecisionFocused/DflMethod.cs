using Df2.Engine;
using Df2.Learning.Data;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Nets;
using Df2.Learning.RealWorld.Methods;
using Df2.Learning.RealWorld.Running;
using Df2.Learning.Solvers;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// DFL (Donti et al. 2017) with a k-GMM forecaster: pre-trained as the two-stage model (NLL) for
/// <c>pretrain_epochs</c>, then trained end to end on the task loss f(y, â(x)) where â solves the SAA
/// problem over M Gumbel-softmax samples of the forecast; the gradient goes through the solver by
/// implicit differentiation (<see cref="SaaArgminOp"/>). Decisions at test time as the two-stage model.
/// Separable box tasks only (wind, inventory).
/// </summary>
public sealed class DflMethod : WarmStartedGmmMethod
{
    private readonly ProjectedAdamSolver _solver;

    public DflMethod(IRealWorldTask task, RealWorldSettings s) : base("dfl", task, s)
    {
        _solver = new ProjectedAdamSolver(s.Int("solver_steps"), s.Real("solver_lr"), s.Int("solver_starts"));
    }

    protected override Tensor DecisionFocusedLoss(int[] rows, DataRng rng)
    {
        var (mean, logVar, logits) = Net.Mixture(Features(Task.Data.Train, rows));
        var samples = GmmHead.RelaxedSamples(mean, logVar, logits, Settings.Int("samples"), (float)Settings.Real("tau"), SampleRng);
        var (lo, hi) = BoxBounds.Of(Task);
        var aHat = SaaArgminOp.Apply(Task.Separable!, lo, hi, _solver, samples, Settings.Real("dfl_bandwidth"));
        return TaskCostOps.CostOfActions(Task, Labels(Task.Data.Train, rows), aHat).Mean();
    }
}

/// <summary>The box [lo, hi] of a separable task (unwrapping a train-limited view).</summary>
public static class BoxBounds
{
    public static (double Lo, double Hi) Of(IRealWorldTask task) => task switch
    {
        SeparableBoxTask s => (s.Lo, s.Hi),
        TrainLimitedTask t => Of(t.Inner),
        _ => throw new ArgumentException($"task '{task.Name}' has no box decision space"),
    };
}
