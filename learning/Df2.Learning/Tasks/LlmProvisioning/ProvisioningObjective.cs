using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// Per-slot reward R(a, c) of provisioning a tokens for a workload of c tokens, and the closed-form
/// decision a = clamp(k·ĉ, a_min, a_max). Two presets: the paper's constants (primary) and the
/// authors' code objective (the block beside Table I).
/// </summary>
public abstract class ProvisioningObjective
{
    public const double AMin = 200, AMax = 4e5;

    /// <summary>The optimal provisioning ratio a*/c (closed form, derived from dR/da = 0).</summary>
    public abstract double K { get; }

    public abstract string Name { get; }

    /// <summary>The reward's constants in the one form both presets share (<see cref="RewardShape"/>), for the scalar cost.</summary>
    public abstract RewardShape Shape { get; }

    /// <summary>R(a, c), elementwise, both in tokens.</summary>
    public abstract Tensor Reward(Tensor aTokens, Tensor cTokens);

    /// <summary>The closed-form decision â = clamp(k·ĉ, a_min, a_max) (tokens).</summary>
    public Tensor Decide(Tensor cTokens) => (cTokens * K).clamp(AMin, AMax);

    /// <summary>The per-sample decision loss f = −R(â(ĉ), c), differentiable in ĉ.</summary>
    public Tensor DecisionLoss(Tensor predictedTokens, Tensor cTokens) => -Reward(Decide(predictedTokens), cTokens);

    public static ProvisioningObjective Parse(string name) => name switch
    {
        "paper" => new PaperObjective(),
        "code" => new CodeObjective(),
        _ => throw new ArgumentException($"objective '{name}' is not one of: paper, code"),
    };
}
