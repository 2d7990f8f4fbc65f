using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>Normalised regret of one test set: the paper's (primary) and the code's batch-wise variant.</summary>
public sealed record RegretResult(double Normalised, double BatchWise);

/// <summary>
/// The task's regret. Inputs are Count × 21 predicted and true workloads in tokens (already
/// de-normalised with 23V's range). Paper: (R̄_opt − R̄_alg) / R̄_opt, R̄ = mean of R over every
/// predicted slot. Code: per 64-sequence batch (drop_last) and per position, mean(L̂ − L*) / (−mean L*)
/// with L = −R, averaged over positions and batches.
/// </summary>
public static class RegretMetric
{
    public const int CodeBatch = 64;

    public static RegretResult Evaluate(Tensor predictedTokens, Tensor trueTokens, ProvisioningObjective objective)
    {
        using var scope = NewDisposeScope();
        var c = trueTokens.to(float64);
        var rAlg = objective.Reward(objective.Decide(predictedTokens.to(float64)), c);
        var rOpt = objective.Reward(objective.Decide(c), c);
        var normalised = ((rOpt.mean() - rAlg.mean()) / rOpt.mean()).item<double>();
        var n = rOpt.shape[0];
        // Fewer than 64 sequences: one batch of all of them (the code would report nothing).
        var batches = Math.Max(1, n / CodeBatch);
        var size = n >= CodeBatch ? CodeBatch : n;
        var opt = rOpt.narrow(0, 0, batches * size).reshape(batches, size, -1);
        var alg = rAlg.narrow(0, 0, batches * size).reshape(batches, size, -1);
        var batchWise = ((opt - alg).mean([1L]) / opt.mean([1L])).mean().item<double>();
        return new RegretResult(normalised, batchWise);
    }

    /// <summary>
    /// The same two figures from per-slot regrets L̂ − L* (<paramref name="regrets"/>, L = −R) and the oracle's losses L*
    /// (<paramref name="oracleCosts"/>) in sequence-major order, <see cref="SequenceSet.Predictions"/> slots per sequence:
    /// paper Σ(L̂ − L*) / (−Σ L*) over every slot; batch-wise over the whole sequences only.
    /// </summary>
    public static RegretResult FromRegrets(IReadOnlyList<double> regrets, IReadOnlyList<double> oracleCosts)
    {
        double regret = 0, optimal = 0;
        for (var i = 0; i < regrets.Count; i++) { regret += regrets[i]; optimal -= oracleCosts[i]; }
        const int p = SequenceSet.Predictions;
        var n = regrets.Count / p;
        var batches = Math.Max(1, n / CodeBatch);
        var size = n >= CodeBatch ? CodeBatch : n;
        double batchWise = 0;
        for (var b = 0; b < batches; b++)
            for (var j = 0; j < p; j++)
            {
                double r = 0, o = 0;
                for (var s = 0; s < size; s++) { var i = (b * size + s) * p + j; r += regrets[i]; o -= oracleCosts[i]; }
                batchWise += r / o;
            }
        return new RegretResult(regret / optimal, n == 0 ? double.NaN : batchWise / (batches * p));
    }

    /// <summary>The regret of a set whose predictions are in the normalised space of its own file.</summary>
    public static RegretResult EvaluateNormalised(Tensor predicted, Tensor targets, TokenRange range23V, ProvisioningObjective objective)
    {
        using var scope = NewDisposeScope();
        return Evaluate(range23V.ToTokens(predicted), range23V.ToTokens(targets), objective);
    }
}
