using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// The authors' code objective (spec "Code preset"): on c̃ = relu((c − 200)/399800), minimise
/// (1−η)·cost − η·utility, cost = 1.4·min(ã, c̃) + 0.5·(ã − c̃)+, utility = c̃·ln(20·min(ã/c̃, 1) + 1)/(1.5·ln 21);
/// R = −((1−η)·cost − η·utility). Decision as in the code: clamp(k·ĉ, 200, 4e5) on tokens.
/// </summary>
public sealed class CodeObjective : ProvisioningObjective
{
    public const double Eta = 0.7, A = 20, B = 1.5, Active = 1.4, Idle = 0.5;

    /// <summary>dR/dã = 0 for ã ≤ c̃: η·A/(B·ln 21)/(A·ã/c̃ + 1) = (1−η)·1.4 ⇒ ã/c̃ = η/(B·ln 21·(1−η)·1.4) − 1/A ≈ 0.315.</summary>
    public override double K => Eta / (B * Math.Log(21) * (1 - Eta) * Active) - 1 / A;

    public override string Name => "code";

    /// <summary>p = relu((a − 200)/399800), q likewise, U = η/(B·ln 21), C₁ = (1−η)·1.4, C₂ = (1−η)·0.5.</summary>
    public override RewardShape Shape { get; } = new(AMin, AMax - AMin, true, A, Eta / (B * Math.Log(21)), (1 - Eta) * Active, (1 - Eta) * Idle);

    public override Tensor Reward(Tensor aTokens, Tensor cTokens)
    {
        var a = ((aTokens - AMin) / (AMax - AMin)).relu();
        var c = ((cTokens - AMin) / (AMax - AMin)).relu();
        var fill = minimum(a / c.clamp_min(1e-12), 1.0);
        var utility = c * (fill * A + 1).log() / (B * Math.Log(21));
        var cost = Active * minimum(a, c) + Idle * (a - c).relu();
        return Eta * utility - (1 - Eta) * cost;
    }
}
