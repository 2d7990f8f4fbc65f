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
        return Score(objective.Reward(objective.Decide(c), c), objective.Reward(objective.Decide(predictedTokens.to(float64)), c), c.shape[1]);
    }

    /// <summary>
    /// The same two figures from per-slot regrets L̂ − L* (<paramref name="regrets"/>, L = −R) and the oracle's losses L*
    /// (<paramref name="oracleCosts"/>) in sequence-major order, <see cref="SequenceSet.Predictions"/> slots per sequence
    /// (the DF2 family's rows, scored by the task's protocol): R* = −L*, R̂ = R* − (L̂ − L*), then <see cref="Score"/>.
    /// </summary>
    public static RegretResult FromRegrets(IReadOnlyList<double> regrets, IReadOnlyList<double> oracleCosts)
    {
        using var scope = NewDisposeScope();
        var rOpt = -tensor(oracleCosts.ToArray(), float64);
        return Score(rOpt, rOpt - tensor(regrets.ToArray(), float64), SequenceSet.Predictions);
    }

    /// <summary>
    /// The one computation of both figures from the oracle's and the algorithm's rewards R*, R̂ per slot (sequence-major,
    /// <paramref name="slots"/> per sequence): paper (mean R* − mean R̂) / mean R* over every slot;
    /// code per batch of <see cref="CodeBatch"/> whole sequences and per position, then averaged. Fewer than 64
    /// sequences: one batch of all of them (the code would report nothing).
    /// </summary>
    private static RegretResult Score(Tensor rOpt, Tensor rAlg, long slots)
    {
        var normalised = ((rOpt.mean() - rAlg.mean()) / rOpt.mean()).item<double>();
        var p = slots;
        var n = rOpt.numel() / p;
        if (n == 0) return new RegretResult(normalised, double.NaN);
        var batches = Math.Max(1, n / CodeBatch);
        var size = n >= CodeBatch ? CodeBatch : n;
        var opt = rOpt.reshape(-1).narrow(0, 0, batches * size * p).reshape(batches, size, p);
        var alg = rAlg.reshape(-1).narrow(0, 0, batches * size * p).reshape(batches, size, p);
        var batchWise = ((opt - alg).mean([1L]) / opt.mean([1L])).mean().item<double>();
        return new RegretResult(normalised, batchWise);
    }

    /// <summary>The regret of a set whose predictions are in the normalised space of its own file.</summary>
    public static RegretResult EvaluateNormalised(Tensor predicted, Tensor targets, TokenRange range23V, ProvisioningObjective objective)
    {
        using var scope = NewDisposeScope();
        return Evaluate(range23V.ToTokens(predicted), range23V.ToTokens(targets), objective);
    }
}
