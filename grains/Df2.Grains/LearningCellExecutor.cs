using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>The real executor: the learning core's <see cref="CellRunner"/> trains the method on the task.</summary>
public sealed class LearningCellExecutor : ICellExecutor
{
    public string Name => "learning";

    public IReadOnlyList<string>? TaskNames => CellRunner.TaskNames;

    public IReadOnlyList<string>? MethodNames => CellRunner.MethodNames;

    public void Validate(CellRequest request) => CellRunner.Validate(request);

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel) =>
        CellRunner.Run(request, checkpoints, progress, cancel);
}
