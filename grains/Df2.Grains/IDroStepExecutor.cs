using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// An executor that can run a round-based cell's units of work one at a time (3D-Learning's halves and its final
/// evaluation), as its DroGrain hands them out. Each unit starts from the previous unit's checkpoint bytes.
/// </summary>
public interface IDroStepExecutor
{
    /// <summary>Half <paramref name="finishedHalves"/> + 1, from the state after <paramref name="finishedHalves"/> halves (null before the first).</summary>
    DroHalfOutcome RunHalf(CellRequest request, int finishedHalves, byte[]? state, CancellationToken cancel);

    /// <summary>The cell's metrics from the state after its last half.</summary>
    CellMetrics Evaluate(CellRequest request, byte[] state, CancellationToken cancel);
}
