using Df2.GrainInterfaces;

namespace Df2.Grains;

/// <summary>
/// The order of a 3D-Learning run's steps: after h finished halves the next step is round h / 2's adversary half
/// (h even) or decision half (h odd); after all 2 × rounds halves, the evaluation.
/// </summary>
public static class DroSteps
{
    /// <summary>True for the cells a DroGrain runs: the executor planned them as halves when the sweep was prepared.</summary>
    public static bool IsRoundBased(CellDescription cell) => cell.Halves > 0;

    /// <summary>Halves of the cell's run (3D-Learning: 2 × rounds), as planned when the sweep was prepared.</summary>
    public static int Halves(CellDescription cell) => cell.Halves;

    /// <summary>The step after <paramref name="finishedHalves"/> of <paramref name="totalHalves"/> halves.</summary>
    public static DroStep After(int finishedHalves, int totalHalves) =>
        finishedHalves >= totalHalves ? new(totalHalves / 2, DroStep.Evaluate)
        : new(finishedHalves / 2, finishedHalves % 2 == 0 ? DroStep.Adversary : DroStep.Decision);

    /// <summary>How many halves are finished before <paramref name="step"/> runs.</summary>
    public static int FinishedBefore(DroStep step) => 2 * step.Round + (step.Half == DroStep.Decision ? 1 : 0);
}
