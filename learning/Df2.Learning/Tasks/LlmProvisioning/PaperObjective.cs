using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// The paper's reward in units u = tokens / 4e5 (spec "Units"):
/// R(a, c) = c·B·ln(A·min(a/c, 1) + 1) − γ·ω·(P_act·4e5·min(a, c) + P_idle·4e5·(a − c)+).
/// </summary>
public sealed class PaperObjective : ProvisioningObjective
{
    public const double A = 20, B = 0.2, Omega = 1.1, PAct = 4e-6, PIdle = 1.4e-6, Gamma = 0.34, Unit = 4e5;

    /// <summary>For a ≤ c, dR/da = A·B / (A·a/c + 1) − γ·ω·P_act·4e5 = 0 ⇒ a/c = B / (γ·ω·P_act·4e5) − 1/A.</summary>
    public override double K => B / (Gamma * Omega * PAct * Unit) - 1 / A;

    public override string Name => "paper";

    /// <summary>p = a/4e5, q = c/4e5 (no floor), U = B, C₁ = γ·ω·P_act·4e5, C₂ = γ·ω·P_idle·4e5.</summary>
    public override RewardShape Shape { get; } = new(0, Unit, false, A, B, Gamma * Omega * PAct * Unit, Gamma * Omega * PIdle * Unit);

    public override Tensor Reward(Tensor aTokens, Tensor cTokens)
    {
        var a = aTokens / Unit;
        var c = cTokens / Unit;
        var fill = minimum(a / c.clamp_min(1e-12), 1.0);
        var utility = c * B * (fill * A + 1).log();
        var cost = Gamma * Omega * (PAct * Unit * minimum(a, c) + PIdle * Unit * (a - c).relu());
        return utility - cost;
    }
}
