using Df2.Grains;
using Df2.Grains.Worker;
using Df2.Learning.Running;

namespace Df2.TestSupport;

/// <summary>
/// Trains the tests' cells the way a silo does: in df2-worker children (the grains' <see cref="ProcessCellExecutor"/>
/// over the product's <see cref="LearningCellExecutor"/>), whose training thread is their only allocating managed
/// thread. In the test host, the test framework's own threads allocate while a cell trains, and a GC they start can
/// free an implicit TorchSharp Scalar in the middle of its native call (docs/reproduction.md, "Known hazard": "Unknown
/// scalar type" in at::pow, a crashed test host). One pool serves a whole test assembly; its children (2 libtorch
/// threads each, the CI machine's cores) are reused between cells and die with the test host.
/// A cell that fails in its child throws <see cref="WorkerFaultException"/> with the child's reason; a test that
/// wants the trainer's own exception type runs the failing call in process (it fails before training).
/// </summary>
public sealed class WorkerCells : IDisposable
{
    private readonly ProcessCellExecutor _executor = new(new LearningCellExecutor(), new WorkerOptions("learning", 2, TimeSpan.FromMinutes(10)));

    public static WorkerCells Shared { get; } = CreateShared();

    public ICellExecutor Executor => _executor;

    public CellMetrics Run(CellRequest request, ICheckpointSink? checkpoints = null, Action<EpochReport>? progress = null,
        CancellationToken cancel = default) =>
        _executor.Run(request, checkpoints ?? new NoCheckpoints(), progress ?? (_ => { }), cancel);

    public void Dispose() => _executor.Dispose();

    private static WorkerCells CreateShared()
    {
        var cells = new WorkerCells();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cells.Dispose();
        return cells;
    }
}
