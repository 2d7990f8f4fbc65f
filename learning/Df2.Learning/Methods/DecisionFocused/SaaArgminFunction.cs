using Df2.Learning.Solvers;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// â = argmin_{a ∈ [lo, hi]^D} (1/M) Σ_m f(ŷ_m, a) for separable f, as a differentiable function of the
/// samples ŷ [B, M, D] → â [B, D] (DFL, Donti et al. 2017).
/// The SAA objective is smoothed by a Gaussian kernel of bandwidth h,
/// H(a) = (1/M) Σ_m E_{Y~N(ŷ_m, h²)} c(Y, a) (closed form, <see cref="SmoothedCoordinateCost"/>) — the
/// local model that makes the piecewise-linear costs twice differentiable (the raw SAA has zero
/// curvature almost everywhere, so unrolled solver steps would give zero gradient as well).
/// Forward: the shared projected-Adam solver on H, per coordinate.
/// Backward: implicit differentiation of the optimality condition H'(â) = 0 at the solver's solution. With H_m = the m-th term:
/// dâ/dŷ_m = −(∂²H_m/∂ŷ_m∂a)(â) / H''(â), both second derivatives by central differences of the closed-form
/// first derivative. When â sits on a bound with |H'(â)| above tolerance, or H''(â) ≤ 0 (locally
/// non-convex), dâ/dŷ = 0.
/// As a custom autograd function: the forward solves on the host (the shared solver is a double-precision C#
/// loop) and keeps the implicit weights J[b, m, i] = dâ[b, i]/dŷ[b, m, i] as a tensor on the samples' device;
/// the backward is the plain torch product ∂L/∂ŷ[b, m, i] = ∂L/∂â[b, i]·J[b, m, i] on that device.
/// </summary>
public sealed class SaaArgminFunction : autograd.SingleTensorFunction<SaaArgminFunction>
{
    public override string Name => "saa_argmin";

    /// <summary>
    /// The separable SAA problem the function solves: cost c, box [lo, hi], solver and smoothing bandwidth h;
    /// <paramref name="Expected"/> = (E c(Y, a), d/da E c(Y, a)) for Y ~ N(mean, std²) on tensors, which enables the
    /// plain-torch path (<see cref="SaaArgminTorch"/>).
    /// </summary>
    public sealed record Problem(ICoordinateCost Cost, double Lo, double Hi, ProjectedAdamSolver Solver, double Bandwidth,
        Func<Tensor, double, Tensor, (Tensor Value, Tensor Slope)>? Expected = null);

    /// <summary>
    /// â [B, D] (samples' dtype and device) for samples ŷ [B, M, D]: the host solver on CPU tensors, the plain-torch
    /// solver elsewhere or when <paramref name="plain"/> is set (it needs <see cref="Problem.Expected"/>).
    /// </summary>
    public static Tensor Apply(Problem problem, Tensor samples, bool plain = false)
    {
        if (samples.dim() != 3) throw new ArgumentException($"samples must be [B, M, D], got [{string.Join(", ", samples.shape)}]", nameof(samples));
        return apply(samples, problem, plain || samples.device_type != DeviceType.CPU);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (samples, problem, plain) = ((Tensor)vars[0], (Problem)vars[1], (bool)vars[2]);
        if (plain)
        {
            var (aHat, weights) = SaaArgminTorch.Solve(problem, samples);
            ctx.save_for_backward([weights]);
            return aHat;
        }
        int b = (int)samples.shape[0], m = (int)samples.shape[1], d = (int)samples.shape[2];
        double[] y;
        using (var host = samples.detach().to(ScalarType.Float64).cpu().contiguous()) y = host.data<double>().ToArray();
        var a = new double[b * d];
        var jacobian = new double[b * m * d]; // dâ[b,i]/dŷ[b,m,i]
        var w = Enumerable.Repeat(1.0 / m, m).ToArray();
        var smooth = new SmoothedCoordinateCost(problem.Cost, problem.Bandwidth);
        Parallel.For(0, b, r =>
        {
            var col = new double[m];
            for (int i = 0; i < d; i++)
            {
                for (int s = 0; s < m; s++) col[s] = y[(r * m + s) * d + i];
                double ah = problem.Solver.SolveCoordinate(smooth, problem.Lo, problem.Hi, col, w);
                a[r * d + i] = ah;
                ImplicitWeights(problem, col, ah, jacobian, r, i, m, d);
            }
        });
        ctx.save_for_backward([tensor(jacobian, [b, m, d]).to(samples.dtype).to(samples.device)]);
        return tensor(a, [b, d]).to(samples.dtype).to(samples.device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput) =>
        [gradOutput.unsqueeze(1) * ctx.get_saved_variables()[0], null!, null!];

    private static void ImplicitWeights(Problem problem, double[] col, double ah, double[] grad, int r, int i, int m, int d)
    {
        var (cost, lo, hi, h) = (problem.Cost, problem.Lo, problem.Hi, problem.Bandwidth);
        double delta = 1e-3 * h;
        double first = 0, second = 0;
        var cross = new double[m];
        for (int s = 0; s < m; s++)
        {
            first += cost.ExpectedCostDerivative(col[s], h, ah) / m;
            second += (cost.ExpectedCostDerivative(col[s], h, ah + delta) - cost.ExpectedCostDerivative(col[s], h, ah - delta)) / (2 * delta) / m;
            cross[s] = (cost.ExpectedCostDerivative(col[s] + delta, h, ah) - cost.ExpectedCostDerivative(col[s] - delta, h, ah)) / (2 * delta) / m;
        }
        bool onBound = (ah <= lo + 1e-9 && first > 1e-6 * Math.Max(1, Math.Abs(second))) || (ah >= hi - 1e-9 && first < -1e-6 * Math.Max(1, Math.Abs(second)));
        if (onBound || second <= 1e-12) return; // gradient stays zero
        for (int s = 0; s < m; s++) grad[(r * m + s) * d + i] = -cross[s] / second;
    }
}
