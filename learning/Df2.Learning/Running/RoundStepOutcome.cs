namespace Df2.Learning.Running;

/// <summary>
/// What one finished step of a round-based method hands on (3D-Learning: an adversary or a decision half): the run's
/// state after it (the next step's input), how many halves are finished, the figure reported as the step's loss
/// (3D-Learning: the dual variable α) and the step's timings (e.g. <c>seconds_adversary</c>, <c>seconds_decision</c>).
/// </summary>
public sealed record DroHalfOutcome(byte[] State, int FinishedHalves, double Alpha, IReadOnlyDictionary<string, double> Seconds);
