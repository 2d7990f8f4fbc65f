using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Robust;

namespace Df2.Grains;

/// <summary>
/// The real executor: a lookup in the plug-in catalog (<see cref="Catalog.Default"/>: both papers' tasks and methods).
/// The catalog picks the method's plug-in that fits the cell's task; the plug-in validates, names its dependency cells,
/// plans its steps (a round-based method: its halves, which the DroGrain hands out one at a time) and runs.
/// </summary>
public sealed class LearningCellExecutor(PluginCatalog? catalog = null) : ICellExecutor, IDroStepExecutor
{
    private readonly PluginCatalog _catalog = catalog ?? Catalog.Default;

    public string Name => "learning";

    public IReadOnlyList<string>? TaskNames => _catalog.TaskNames;

    public IReadOnlyList<string>? MethodNames => _catalog.MethodNames;

    public void Validate(CellRequest request) => _catalog.Validate(request);

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request) => _catalog.Dependencies(request);

    public int Halves(CellRequest request) => _catalog.Halves(request);

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel) =>
        _catalog.Run(request, checkpoints, progress, cancel);

    public DroHalfOutcome RunHalf(CellRequest request, int finishedHalves, byte[]? state, CancellationToken cancel) =>
        _catalog.RunHalf(request, finishedHalves, state, cancel);

    public CellMetrics Evaluate(CellRequest request, byte[] state, CancellationToken cancel) =>
        _catalog.Evaluate(request, state, cancel);
}
