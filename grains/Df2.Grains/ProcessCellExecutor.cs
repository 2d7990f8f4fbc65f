using Df2.Grains.Worker;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// Runs every unit of work (cells, dependency cells, 3D-Learning halves and evaluations) in a df2-worker child process
/// whose main thread is its only allocating managed thread: TorchSharp 0.107 passes Scalar and Tensor handles to libtorch
/// without keeping their objects alive, so in the silo a GC started by any grain or network thread could free them
/// mid-call (docs/reproduction.md, "Known hazard"). Validation, dependencies and names do not train and are answered by
/// <paramref name="inner"/>, the same executor the child runs.
/// One child per busy slot: children are started on demand, kept between units and started afresh after a death.
/// A child that dies (exit code, signal) or stalls fails the unit as retryable with that reason; the cell resumes from its
/// last checkpoint in a new child. Cancelling (drain, a lost attempt) kills the child: the stored checkpoint is where
/// the unit resumes, so there is nothing to wind down politely, and the child never has to watch its input while it trains.
/// </summary>
public sealed class ProcessCellExecutor(ICellExecutor inner, WorkerOptions options) : ICellExecutor, IDroStepExecutor, IDisposable
{
    private readonly Dictionary<string, Stack<WorkerProcess>> _idle = new(StringComparer.Ordinal);
    private bool _disposed;

    public string Name => inner.Name;

    public IReadOnlyList<string>? TaskNames => inner.TaskNames;

    public IReadOnlyList<string>? MethodNames => inner.MethodNames;

    public void Validate(CellRequest request) => inner.Validate(request);

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request) => inner.Dependencies(request);

    public int Halves(CellRequest request) => inner.Halves(request);

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var initial = checkpoints.Load();
        var start = new RunCellMessage(WireRequest.From(request, ChildDevice(request.Device)), initial?.Epoch, initial?.State);
        return Expect<CellDoneMessage>(Drive(request.Device, start, checkpoints, progress, cancel)).ToMetrics();
    }

    public DroHalfOutcome RunHalf(CellRequest request, int finishedHalves, byte[]? state, CancellationToken cancel) =>
        Expect<HalfDoneMessage>(Drive(request.Device, new RunHalfMessage(WireRequest.From(request, ChildDevice(request.Device)), finishedHalves, state),
            null, null, cancel)).ToOutcome();

    public CellMetrics Evaluate(CellRequest request, byte[] state, CancellationToken cancel) =>
        Expect<CellDoneMessage>(Drive(request.Device, new EvaluateMessage(WireRequest.From(request, ChildDevice(request.Device)), state),
            null, null, cancel)).ToMetrics();

    /// <summary>
    /// Sends <paramref name="start"/> to a child for <paramref name="device"/> and serves it (progress, checkpoints) until it
    /// answers. A child that answered goes back to the pool; one that died, stalled, was cancelled or left mid-unit by an
    /// exception here (a refused checkpoint) is killed.
    /// </summary>
    private WorkerMessage Drive(string device, WorkerMessage start, ICheckpointSink? checkpoints, Action<EpochReport>? progress,
        CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var child = Take(device);
        var answered = false;
        try
        {
            using (cancel.Register(child.Kill))
            {
                child.Send(start);
                while (true)
                {
                    switch (child.Receive())
                    {
                        case null:
                            cancel.ThrowIfCancellationRequested();
                            throw new WorkerFaultException(child.Fault(), permanent: false);
                        case ProgressMessage p:
                            progress?.Invoke(p.ToReport());
                            break;
                        case CheckpointMessage c:
                            (checkpoints ?? throw new InvalidDataException("df2-worker sent a checkpoint for a 3D-L step")).Save(c.Epoch, c.State);
                            child.Send(new CheckpointAckMessage());
                            break;
                        case FailedMessage f:
                            answered = true;
                            throw new WorkerFaultException(f.Reason, f.Permanent);
                        case var answer:
                            answered = true;
                            return answer;
                    }
                }
            }
        }
        finally
        {
            // After the registration is disposed no kill is in flight, so a child that answered and was not cancelled is whole.
            if (answered && !cancel.IsCancellationRequested) Return(device, child);
            else child.Dispose();
        }
    }

    private static T Expect<T>(WorkerMessage answer) where T : WorkerMessage =>
        answer as T ?? throw new InvalidDataException($"df2-worker answered {answer.GetType().Name}, expected {typeof(T).Name}");

    /// <summary>A cuda:N slot's child sees only GPU N (CUDA_VISIBLE_DEVICES), as cuda:0.</summary>
    private static string ChildDevice(string device) => CudaIndex(device) is null ? device : "cuda:0";

    private static int? CudaIndex(string device) =>
        device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device.AsSpan(5), out var i) ? i : null;

    private WorkerProcess Take(string device)
    {
        lock (_idle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            while (_idle.TryGetValue(device, out var idle) && idle.TryPop(out var child))
            {
                if (!child.HasExited) return child;
                child.Dispose();
            }
        }
        return WorkerProcess.Start(options, CudaIndex(device));
    }

    private void Return(string device, WorkerProcess child)
    {
        lock (_idle)
        {
            if (!_disposed)
            {
                if (!_idle.TryGetValue(device, out var idle)) _idle[device] = idle = new Stack<WorkerProcess>();
                idle.Push(child);
                return;
            }
        }
        child.Dispose();
    }

    /// <summary>Stops the idle children; a running one is stopped when its unit ends (or by its cancellation).</summary>
    public void Dispose()
    {
        List<WorkerProcess> idle;
        lock (_idle)
        {
            _disposed = true;
            idle = [.. _idle.Values.SelectMany(s => s)];
            _idle.Clear();
        }
        foreach (var child in idle) child.Dispose();
    }
}
