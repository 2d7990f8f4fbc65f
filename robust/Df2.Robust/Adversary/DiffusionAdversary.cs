using Df2.Robust.Diffusion;
using Df2.Robust.Running;
using static TorchSharp.torch;

namespace Df2.Robust.Adversary;

/// <summary>
/// The inner maximisation (Algorithm 1): ascend θ on E_{Pθ}[f] − α·J(θ, S0), then α ← max(α + η(J − ε), 0).
/// E_{Pθ}[f] uses the PPO-clipped surrogate over trajectories drawn from the frozen θ0:
/// E[min(r·f, clip(r, 1−κ, 1+κ)·f)], with per-sequence (image row) ratio
/// r = exp(−Σ_{s&lt;T′} [‖x_s − μθ(x_{s+1}, s)‖² − ‖x_s − μθ0(x_{s+1}, s)‖²] / (2σ_s²)), the sum over that row's
/// pixels; only the last T′ reverse steps use θ. Each row's ratio multiplies that same row's decision loss.
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

    /// <summary>The PPO-clipped surrogate mean over rows of min(r·f, clip(r, 1−κ, 1+κ)·f).</summary>
    public Tensor Surrogate(Tensor logRatio, Tensor rowLoss)
    {
        var r = logRatio.exp();
        var clipped = r.clamp(1 - settings.Kappa, 1 + settings.Kappa);
        return minimum(r * rowLoss, clipped * rowLoss).mean();
    }

    /// <summary>J(θ, S0) over all timesteps, with the composite network (θ for s &lt; T′, θ0 otherwise).</summary>
    public Tensor Constraint(Tensor realImages, Generator generator) =>
        schedule.DenoisingLoss((x, t) =>
        {
            Tensor frozen;
            using (no_grad()) frozen = theta0.call(x, t);
            return where((t < settings.TPrime).reshape(-1, 1, 1, 1), theta.call(x, t), frozen);
        }, realImages, generator);

    /// <summary>
    /// One ascent step on a batch of reference trajectories (states[j] = X[T′ − j], each B × 1 × 28 × 28) with
    /// row losses f (B × 28, detached); returns (surrogate, J) and updates α by projected dual ascent.
    /// </summary>
    public (double Surrogate, double J) Step(IReadOnlyList<Tensor> states, Tensor rowLoss, Tensor realImages,
        TorchSharp.Modules.OptimizerHelper adam, ref double alpha, Generator generator)
    {
        using var scope = NewDisposeScope();
        theta.eval();   // dropout off: the ratio is exactly 1 at θ = θ0 (the code keeps dropout on)
        adam.zero_grad();
        var surrogate = Surrogate(LogRatio(states), rowLoss);
        var j = Constraint(realImages, generator);
        var objective = surrogate - alpha * j;                    // maximise E_Pθ[f] − α·J
        (-objective).backward();
        adam.step();
        var jValue = j.item<float>();
        alpha = Math.Max(alpha + settings.Eta * (jValue - settings.Epsilon), 0);   // α ← [α + η(J − ε)]+
        return (surrogate.item<float>(), jValue);
    }
}
