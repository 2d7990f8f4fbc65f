using Df2.Kernels.Random;
using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// A method being trained on one task: it owns its network (<see cref="Model"/>, a TorchSharp module on
/// <see cref="Device"/>), defines the mini-batch training loss as a tensor on that device, and turns features
/// into decisions (<see cref="Decide"/>). The shared loop (epochs, shuffling, Adam, checkpoints) lives in
/// Running/CellTrainer. The data set's features and labels are uploaded to the device once; a batch only
/// uploads its row indices (and, for DF2, its sampled actions), and nothing comes back to the host inside a batch.
/// Every network is built from the training seed alone, so a resumed cell rebuilds the same shapes and then
/// loads the checkpointed weights.
/// </summary>
public abstract class TrainableMethod : IDisposable
{
    private readonly Tensor _x;
    private readonly Tensor _y;

    protected TrainableMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings, Device device)
    {
        Task = task;
        Data = data;
        Settings = settings;
        Device = device;
        InitRng = new Rng((ulong)(uint)settings.Seed * 2654435761UL + 17UL);
        _x = Upload(data.X, data.Count);
        _y = Upload(data.Y, data.Count);
    }

    public SyntheticTask Task { get; }
    public SyntheticDataset Data { get; }
    public MethodSettings Settings { get; }

    /// <summary>Where the network, the data and every batch live (the cell's <c>device</c>).</summary>
    public Device Device { get; }

    /// <summary>Generator for weight initialisation, derived from the training seed.</summary>
    protected Rng InitRng { get; }

    /// <summary>All trainable parameters (and buffers) as one module.</summary>
    public abstract nn.Module Model { get; }

    /// <summary>Scalar training loss on the given data rows, on <see cref="Device"/>; <paramref name="rng"/> is this epoch's stream.</summary>
    public abstract Tensor BatchLoss(int[] rows, DataRng rng);

    /// <summary>Decisions â(x) for the given rows, row-major [rows, 2], inside the task's box.</summary>
    public abstract double[] Decide(int[] rows, CancellationToken cancel);

    /// <summary>The shared test-time solver with this cell's settings.</summary>
    protected ProjectedAdamSolver Solver => new(Settings.SolverSteps, Settings.SolverLearningRate, Settings.SolverStarts);

    /// <summary>Row indices as an int64 tensor on the device.</summary>
    protected Tensor Index(int[] rows) => tensor(Array.ConvertAll(rows, r => (long)r), device: Device);

    /// <summary>Features of the rows, [rows, 2] float32 on the device.</summary>
    protected Tensor Features(int[] rows)
    {
        using var index = Index(rows);
        return _x.index_select(0, index);
    }

    /// <summary>Labels of the rows, [rows, 2] float32 on the device.</summary>
    protected Tensor Labels(int[] rows)
    {
        using var index = Index(rows);
        return _y.index_select(0, index);
    }

    /// <summary>Copies a [n, 2] tensor to a row-major host array of doubles (decision time only, never inside a training batch).</summary>
    protected static double[] ToHost(Tensor t)
    {
        using var host = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return host.data<double>().ToArray();
    }

    private Tensor Upload(double[] rowMajor, int rows)
    {
        var f = Array.ConvertAll(rowMajor, v => (float)v);
        using var host = tensor(f).reshape(rows, SyntheticTask.Dim);
        return host.to(Device, copy: true).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        _x.Dispose();
        _y.Dispose();
        Model.Dispose();
        GC.SuppressFinalize(this);
    }
}
