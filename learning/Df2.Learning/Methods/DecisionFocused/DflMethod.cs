using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Nets;
using Df2.Learning.Methods;
using Df2.Learning.Running;
using Df2.Learning.Solvers;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// DFL (Donti et al. 2017) with a k-GMM forecaster: pre-trained as the two-stage model (NLL) for
/// <c>pretrain_epochs</c>, then trained end to end on the task loss f(y, â(x)) where â solves the SAA
/// problem over M Gumbel-softmax samples of the forecast; the gradient goes through the solver by
/// implicit differentiation. Separable box tasks (wind, inventory): per coordinate on the
/// Gaussian-smoothed SAA (<see cref="SaaArgminFunction"/>). Budget-simplex task (vaccine, App. F.4): mirror
/// descent on the SAA and the KKT conditions on the face of the simplex with a finite-difference
/// Hessian of the exact SEIRV adjoint gradient (<see cref="SimplexArgminFunction"/>).
/// Decisions at test time as the two-stage model.
/// </summary>
public class DflMethod : WarmStartedGmmMethod
{
    private readonly ProjectedAdamSolver _solver;
    private readonly SimplexDecisions? _simplex;
    private readonly SimplexArgminStats _stats = new();

    public DflMethod(IDecisionTask task, CellSettings s) : this("dfl", task, s) { }

    /// <summary>A method that trains like DFL under another name and batch objective (<see cref="Robust.RobustDflMethod"/>).</summary>
    protected DflMethod(string name, IDecisionTask task, CellSettings s) : base(name, task, s)
    {
        _solver = s.Get<SolverSettings>().Box();
        _simplex = task.Separable == null ? SimplexDecisions.Of(task) : null;
    }

    /// <summary>Vaccine: share of training rows whose SAA solution was a vertex (zero derivative) and the mean face size.</summary>
    public override IReadOnlyDictionary<string, double> Diagnostics()
    {
        var d = new Dictionary<string, double>(base.Diagnostics());
        if (_simplex != null && _stats.Rows > 0) { d["dfl_vertex_share"] = _stats.VertexShare; d["dfl_mean_free"] = _stats.MeanFree; }
        return d;
    }

    protected override Tensor DecisionFocusedLoss(int[] rows, DataRng rng) =>
        PerSampleTaskLoss(Features(Task.Data.Train, rows), LabelTensor(Task.Data.Train, rows)).mean();   // mean_b f(y_b, â_b)

    /// <summary>f(y_b, â(x_b)) per row [B], differentiable in the network's parameters and in the features x.</summary>
    protected Tensor PerSampleTaskLoss(Tensor x, Tensor y)
    {
        var (mean, logVar, logits) = Net.forward(x);
        var samples = GmmMath.RelaxedSamples(mean, logVar, logits, Gmm.Samples, (float)Gmm.Tau, SampleRng);
        Tensor aHat;
        if (_simplex != null)
            aHat = SimplexArgminFunction.Apply(_simplex, samples, _stats);                   // â [B, ADim] on the budget simplex
        else
        {
            var box = BoxBounds.Task(Task);
            aHat = SaaArgminFunction.Apply(new SaaArgminFunction.Problem(Task.Separable!, box.Lo, box.Hi, _solver, Settings.Get<DflSettings>().Bandwidth, box.BatchedExpected), samples);
        }
        return Task.PairCosts(y.unsqueeze(1), aHat.unsqueeze(1)).reshape(-1);            // f(y_b, â_b) [B]
    }
}
