namespace Df2.Robust.Running;

/// <summary>
/// What one finished 3D-Learning half hands on: the run's state after it (a <see cref="Adversary.DroState"/>
/// safetensors document, the next half's input), the dual variable α and the half's timings
/// (<c>seconds_adversary</c> or <c>seconds_decision</c>; the dependencies' own timings are on their cells).
/// </summary>
public sealed record DroHalfOutcome(byte[] State, int FinishedHalves, double Alpha, IReadOnlyDictionary<string, double> Seconds);
