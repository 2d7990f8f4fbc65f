namespace Df2.GrainInterfaces;

/// <summary>
/// One unit of work of a 3D-Learning run. <see cref="Half"/> is "adversary" or "decision" (round <see cref="Round"/>,
/// 0-based), or "evaluate" (after the last round, <see cref="Round"/> = rounds): the test-set evaluation of the
/// adapted predictor.
/// </summary>
[GenerateSerializer, Alias("df2.DroStep"), Immutable]
public sealed record DroStep(int Round, string Half)
{
    public const string Adversary = "adversary";

    public const string Decision = "decision";

    public const string Evaluate = "evaluate";
}
