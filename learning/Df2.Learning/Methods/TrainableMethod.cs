using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// A method being trained on one task: it owns its network (<see cref="Model"/>), defines the
/// mini-batch training loss, and turns features into decisions (<see cref="Decide"/>).
/// The shared loop (epochs, shuffling, Adam, checkpoints) lives in Running/CellTrainer.
/// Every network is built from the training seed alone, so a resumed cell rebuilds the same
/// shapes and then loads the checkpointed weights.
/// </summary>
public abstract class TrainableMethod
{
    protected TrainableMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings)
    {
        Task = task;
        Data = data;
        Settings = settings;
        InitRng = new Rng((ulong)(uint)settings.Seed * 2654435761UL + 17UL);
    }

    public SyntheticTask Task { get; }
    public SyntheticDataset Data { get; }
    public MethodSettings Settings { get; }

    /// <summary>Engine RNG for weight initialisation, derived from the training seed.</summary>
    protected Rng InitRng { get; }

    /// <summary>All trainable parameters.</summary>
    public abstract Module Model { get; }

    /// <summary>Scalar training loss on the given data rows; <paramref name="rng"/> is this epoch's stream.</summary>
    public abstract Tensor BatchLoss(int[] rows, DataRng rng);

    /// <summary>Decisions â(x) for the given rows, row-major [rows, 2], inside the task's box.</summary>
    public abstract double[] Decide(int[] rows, CancellationToken cancel);

    /// <summary>The shared test-time solver with this cell's settings.</summary>
    protected ProjectedAdamSolver Solver => new(Settings.SolverSteps, Settings.SolverLearningRate, Settings.SolverStarts);

    /// <summary>Features of the rows as a [rows, 2] tensor.</summary>
    protected Tensor Features(int[] rows) => Tensor.FromArray(SyntheticDataset.Gather(Data.X, rows), rows.Length, 2);

    /// <summary>Labels of the rows as float32 [rows·2].</summary>
    protected float[] Labels(int[] rows) => SyntheticDataset.Gather(Data.Y, rows);
}
