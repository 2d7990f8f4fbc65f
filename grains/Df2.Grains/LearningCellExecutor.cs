using Df2.Learning.Running;
using Df2.Robust.Running;

namespace Df2.Grains;

/// <summary>
/// The real executor: the learning core's <see cref="CellRunner"/> trains the method on the task, and
/// 3D-Learning's <see cref="RobustCellRunner"/> runs the llm-provisioning cells (same contract); a 3D-Learning
/// cell's halves and evaluation run one at a time through <see cref="ThreeDLearningSteps"/> as its DroGrain hands them out.
/// llm-provisioning cells name their dependencies (the trained DFL predictor, the pre-trained DDPM), which the sweep
/// runs as cells of their own.
/// </summary>
public sealed class LearningCellExecutor : ICellExecutor, IDroStepExecutor
{
    public string Name => "learning";

    public IReadOnlyList<string>? TaskNames { get; } = [.. CellRunner.TaskNames, RobustCellRunner.Task];

    public IReadOnlyList<string>? MethodNames { get; } = [.. CellRunner.MethodNames.Union(RobustSettings.Methods)];

    public void Validate(CellRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RobustCellRunner.Handles(request.Task)) RobustCellRunner.Validate(request);
        else CellRunner.Validate(request);
    }

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request) =>
        RobustCellRunner.Handles(request.Task) ? RobustCellRunner.Dependencies(request) : [];

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel) =>
        RobustCellRunner.Handles(request.Task)
            ? RobustCellRunner.Run(request, checkpoints, progress, cancel)
            : CellRunner.Run(request, checkpoints, progress, cancel);

    public DroHalfOutcome RunHalf(CellRequest request, int finishedHalves, byte[]? state, CancellationToken cancel) =>
        ThreeDLearningSteps.RunHalf(request, finishedHalves, state, cancel);

    public CellMetrics Evaluate(CellRequest request, byte[] state, CancellationToken cancel) =>
        ThreeDLearningSteps.Evaluate(request, state, cancel);
}
