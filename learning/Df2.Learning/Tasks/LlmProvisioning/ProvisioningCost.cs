using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// The provisioning decision cost as a coordinate cost of the decision tasks: c(y, a) = −R(a·4e5, c(y)) (the per-slot
/// reward of <paramref name="objective"/>), with y a workload normalised by 23V's range (c(y) = y·span + min tokens, the
/// protocol's de-normalisation for every set) and a in units of 4e5 tokens on [200/4e5, 1]. The oracle is the preset's
/// closed-form decision clamp(k·c, 200, 4e5) — the paper's argmax of R; for the code preset the code's rule (it ignores
/// the 200-token offset of its own units), the same reference as <see cref="RegretMetric"/> uses. R has no closed-form
/// expectation under a normal y, so the methods that need one (DFL's smoothed SAA) do not fit the task.
/// </summary>
public sealed class ProvisioningCost(ProvisioningObjective objective, TokenRange range) : ICoordinateCost
{
    /// <summary>Tokens per action unit.</summary>
    public const double Unit = 4e5;

    public const double Lo = ProvisioningObjective.AMin / Unit, Hi = ProvisioningObjective.AMax / Unit;

    private readonly RewardShape _shape = objective.Shape;

    public ProvisioningObjective Objective => objective;

    public TokenRange Range => range;

    public bool IsConvexInAction => false;   // the fill term is concave in a below c, linear above, with a downward kink at a = c

    public double Cost(double y, double a) => -_shape.Reward(a * Unit, range.ToTokens(y));

    public double DCostDy(double y, double a) => -_shape.Evaluate(a * Unit, range.ToTokens(y)).DC * range.Span;

    public double DCostDa(double y, double a) => -_shape.Evaluate(a * Unit, range.ToTokens(y)).DA * Unit;

    public double ExpectedCost(double mean, double std, double a) => throw NoExpectation();

    public double ExpectedCostDerivative(double mean, double std, double a) => throw NoExpectation();

    public double OracleAction(double y, double lo, double hi) =>
        Math.Clamp(Math.Clamp(objective.K * range.ToTokens(y), ProvisioningObjective.AMin, ProvisioningObjective.AMax) / Unit, lo, hi);

    /// <summary>c(y, a) on broadcast tensors (y normalised, a in units): −R of the preset's tensor form.</summary>
    public Tensor Batched(Tensor y, Tensor a) => -objective.Reward(a * Unit, range.ToTokens(y));

    private static NotSupportedException NoExpectation() =>
        new("the llm-provisioning cost has no closed-form expectation under a normal workload (no method that needs one fits the task)");
}
