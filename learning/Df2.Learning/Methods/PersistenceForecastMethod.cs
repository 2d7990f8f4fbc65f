using Df2.Learning.Data;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// Persistence, the naive reference of a time-series task (<see cref="TaskOffer.LastObservation"/>: wind, inventory):
/// every target step is forecast as the window's last observed value, ŷ_h = x_L for h = 1..YDim, and the decision is the
/// shared solver's argmin_a f(ŷ, a) on that one scenario, as two-stage PE decides on its point forecast. Nothing is
/// trained: no parameters, 0 epochs (the trainer skips its optimizer and checkpoints), the seed changes nothing.
/// </summary>
public sealed class PersistenceForecastMethod : TrainableMethod, IUntrainedMethod
{
    /// <summary>No layers: nothing to train, save or move.</summary>
    private readonly nn.Module _none = nn.Sequential();

    /// <summary>Only for a task that offers <see cref="TaskOffer.LastObservation"/> (CellTrainer.Validate refuses the others).</summary>
    public PersistenceForecastMethod(IDecisionTask task, CellSettings s) : base(task, s) { }

    public override nn.Module Model => _none;

    public override Tensor BatchLoss(int[] rows, int epoch, DataRng rng) =>
        throw new InvalidOperationException("persistence trains nothing");

    /// <summary>ŷ = (x_L, …, x_L) ∈ ℝ^YDim for each row, then argmin_a f(ŷ, a) with the task's solver.</summary>
    public override double[] Decide(WindowedSplit split, int[] rows, CancellationToken cancel)
    {
        int seq = Task.SeqLen, d = Task.YDim;
        var result = new double[rows.Length * Task.ADim];
        Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = cancel }, r =>
        {
            var scenario = new double[d];
            Array.Fill(scenario, split.X[rows[r] * seq + seq - 1]);
            Task.Solve(scenario, [1.0], cancel).CopyTo(result, r * Task.ADim);
        });
        return result;
    }
}
