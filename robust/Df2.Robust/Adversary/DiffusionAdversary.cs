using Df2.Robust.Diffusion;
using static TorchSharp.torch;

namespace Df2.Robust.Adversary;

/// <summary>
/// The inner maximisation (Algorithm 1): ascend θ on E_{Pθ}[f] − α·J(θ, S0), then α ← max(α + η(J − ε), 0).
/// E_{Pθ}[f] uses the PPO-clipped surrogate over trajectories drawn from the frozen θ0:
/// E[min(r·A, clip(r, 1−κ, 1+κ)·A)], with per-sequence (image row) ratio
/// r = exp(−Σ_{s&lt;T′} [‖x_s − μθ(x_{s+1}, s)‖² − ‖x_s − μθ0(x_{s+1}, s)‖²] / (2σ_s²)), the sum over that row's
/// pixels; only the last T′ reverse steps use θ. A is that same row's regret under the decision model minus the
/// batch's mean regret (<see cref="Advantage"/>): the baseline makes ascent raise the ratios of the sequences that are
/// hard for the model and lower the others, instead of moving every ratio the same way. J is estimated on the steps
/// s &lt; T′ that carry θ's gradient (<see cref="Constraint"/>).
/// </summary>
public sealed class DiffusionAdversary(UNet theta, UNet theta0, NoiseSchedule schedule, AdversarySettings settings)
{
    /// <summary>ln r per image row (B × 28) for the states X[T′], …, X[0] of a θ0 trajectory.</summary>
    public Tensor LogRatio(IReadOnlyList<Tensor> states)
    {
        var tPrime = settings.TPrime;
        Tensor? total = null;
        for (var s = 0; s < tPrime; s++)
        {
            var input = states[tPrime - s - 1];                     // X[s+1]
            var output = states[tPrime - s];                        // X[s]
            var steps = full([input.shape[0]], s, dtype: int64, device: input.device);
            var muTheta = schedule.Mean(input, s, theta.call(input, steps));
            Tensor muTheta0;
            using (no_grad()) muTheta0 = schedule.Mean(input, s, theta0.call(input, steps));
            var term = ((output - muTheta).pow(2) - (output - muTheta0).pow(2)).sum([1L, 3L]) / (2 * schedule.RatioVariance(s));
            total = total is null ? term : total + term;
        }
        return -total!;
    }

    /// <summary>The adversary's signal: per-row regret minus its batch mean (a baseline; Σ A = 0 over the batch).</summary>
    public static Tensor Advantage(Tensor rowRegret) => rowRegret - rowRegret.mean();

    /// <summary>The PPO-clipped surrogate mean over rows of min(r·A, clip(r, 1−κ, 1+κ)·A).</summary>
    public Tensor Surrogate(Tensor logRatio, Tensor advantage)
    {
        var r = logRatio.exp();
        var clipped = r.clamp(1 - settings.Kappa, 1 + settings.Kappa);
        return minimum(r * advantage, clipped * advantage).mean();
    }

    /// <summary>
    /// J(θ, S0) on the steps θ acts on: E_{s ~ U{0..T′−1}, ε} ‖ε − ε_θ(x_s, s)‖² (the code's estimator; averaged over
    /// all T steps it would move by only T′/T of its θ-dependent part and a budget on it would never bind).
    /// </summary>
    public Tensor Constraint(Tensor realImages, Generator generator) =>
        schedule.DenoisingLoss((x, t) => theta.call(x, t), realImages, generator, settings.TPrime);

    /// <summary>
    /// One ascent step on a batch of reference trajectories (states[j] = X[T′ − j], each B × 1 × 28 × 28) with row
    /// regrets (B × 28, detached); returns (surrogate, J) and updates α by projected dual ascent with budget ε.
    /// </summary>
    public (double Surrogate, double J) Step(IReadOnlyList<Tensor> states, Tensor rowRegret, Tensor realImages,
        TorchSharp.Modules.OptimizerHelper adam, double epsilon, ref double alpha, Generator noise)
    {
        using var scope = NewDisposeScope();
        theta.eval();   // dropout off: the ratio is exactly 1 at θ = θ0 (the code keeps dropout on)
        adam.zero_grad();
        var surrogate = Surrogate(LogRatio(states), Advantage(rowRegret));
        var j = Constraint(realImages, noise);
        var objective = surrogate - alpha * j;                    // eq. 9's Lagrangian: maximise E_Pθ[f] − α·J
        (-objective).backward();
        adam.step();
        var jValue = j.item<float>();
        alpha = Math.Max(alpha + settings.Eta * (jValue - epsilon), 0);   // Algorithm 1: α ← [α + η(J − ε)]+
        return (surrogate.item<float>(), jValue);
    }

    /// <summary>Spread of the ratios r over every row of the trajectories: (std, min, max, share with |r − 1| &gt; κ).</summary>
    public (double Std, double Min, double Max, double ClipFraction) RatioSpread(IReadOnlyList<Tensor> states)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        theta.eval();
        var r = LogRatio(states).exp().to(float64);
        var clipped = ((r - 1).abs() > settings.Kappa).to(float64).mean().item<double>();
        return (r.std().item<double>(), r.min().item<double>(), r.max().item<double>(), clipped);
    }

    /// <summary>‖θ − θ0‖ / ‖θ0‖ over all parameters.</summary>
    public double RelativeShift()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double diff = 0, norm = 0;
        foreach (var ((_, a), (_, b)) in theta.named_parameters().Zip(theta0.named_parameters()))
        {
            diff += (a - b).pow(2).sum().to(float64).item<double>();
            norm += b.pow(2).sum().to(float64).item<double>();
        }
        return Math.Sqrt(diff / norm);
    }
}
