using Df2.Learning.Tasks;
using Df2.Learning.Tasks.Vaccine;
using static TorchSharp.torch;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// The plain-torch path of <see cref="SimplexArgminFunction"/> (any device, float64, no host round trip in the math):
/// the same mirror descent (eq. 14: p₀ uniform, p ← p·exp(−η g)/Σ, floored at 1e-300, g the share or dose gradient of
/// <see cref="MirrorDescentSolver.Gradient"/>) run for all B rows at once, with ∇_a F by autograd through the task's
/// tensor cost (<see cref="SimplexDecisions.PairCosts"/>), and the same implicit derivative batched over rows: the
/// face 𝓕 = {â_i &gt; <see cref="SimplexArgminFunction.ActiveThreshold"/>·Budget}, the Helmert basis of each row's face
/// embedded in [ADim, ADim−1] with its unused columns zero (a zero block of the reduced Hessian, which the clipped
/// solve maps to zero because the right-hand side vanishes there), the central differences of ∇F along z_j, the
/// clipped positive-definite solve by a batched symmetric eigen-decomposition, and the final directional difference
/// of ∇_y f — every formula as in <see cref="SimplexArgminFunction"/>'s doc comment.
/// </summary>
public static class SimplexArgminTorch
{
    /// <summary>â [B, ADim] (float64, samples' device) for samples ŷ [B, M, YDim] (float64).</summary>
    public static Tensor Solve(SimplexDecisions problem, Tensor samples, CancellationToken cancel = default)
    {
        var solver = problem.Solver;
        double budget = problem.Budget;
        double step = solver.Gradient == MirrorGradient.Share ? solver.LearningRate * budget : solver.LearningRate;
        using var outer = NewDisposeScope();
        var p = full(samples.shape[0], problem.ADim, 1.0 / problem.ADim, ScalarType.Float64, samples.device);
        for (int t = 0; t < solver.Steps; t++)
        {
            if ((t & 31) == 0) cancel.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var g = SaaGradient(problem, samples, (p * budget).unsqueeze(1)).squeeze(1);       // ∇_a F(Budget·p) [B, ADim]
            var logit = p.log() - g * step;
            var e = (logit - logit.amax([-1L], keepdim: true)).exp();
            var next = (e / e.sum(-1L, keepdim: true)).clamp_min(1e-300).MoveToOuterDisposeScope();
            p.Dispose();
            p = next;
        }
        return (p * budget).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// gᵀ dâ/dŷ [B, M, YDim] for the solver's â [B, ADim] and the upstream g [B, ADim] (float64); the face sizes |𝓕| per row
    /// in <paramref name="free"/> [B] (the only values a caller may copy to the host, for diagnostics).
    /// </summary>
    public static Tensor VectorJacobian(SimplexDecisions problem, Tensor samples, Tensor aHat, Tensor upstream, out Tensor free)
    {
        int k = problem.ADim;
        long b = samples.shape[0], m = samples.shape[1];
        var device = samples.device;
        using var outer = NewDisposeScope();
        var mask = aHat > SimplexArgminFunction.ActiveThreshold * problem.Budget;                  // 𝓕 [B, K]
        var n = mask.sum(-1L);                                                                      // |𝓕| [B]
        var z = FaceBasis(mask, n, k);                                                              // [B, K, K−1]
        var minFree = where(mask, aHat, full_like(aHat, double.PositiveInfinity)).amin([-1L]);
        var delta = minimum(minFree * 0.5, full_like(minFree, SimplexArgminFunction.FdStep * problem.Budget)).view(b, 1, 1);
        var zt = z.transpose(1, 2);                                                                 // rows z_j [B, K−1, K]
        var at = aHat.unsqueeze(1);
        var g = SaaGradient(problem, samples, cat([at + delta * zt, at - delta * zt], 1));          // [B, 2(K−1), K]
        var hz = ((g[.., ..(k - 1)] - g[.., (k - 1)..]) / (delta * 2)).transpose(1, 2);             // (∇²F) z_j [B, K, K−1]
        var reduced = matmul(zt, hz);                                                               // Ĥ = Zᵀ∇²F Z
        var rhs = matmul(zt, upstream.unsqueeze(-1));                                               // Zᵀ g [B, K−1, 1]
        var u = -matmul(z, ClippedPdSolve(reduced, rhs, SimplexArgminFunction.EigenFloor)).squeeze(-1); // −Z Ĥ̃⁻¹ Zᵀ g [B, K]
        var scale = u.abs().amax([-1L]);                                                            // max|u_i| [B]
        var moving = scale > 0;
        var unit = u / where(moving, scale, ones_like(scale)).unsqueeze(-1);
        var dir = delta.view(b, 1) * unit;
        var y = samples.detach().requires_grad_();
        Tensor diff;
        using (enable_grad())
        {
            var costs = problem.PairCosts!(y, stack([aHat + dir, aHat - dir], 1));               // [B, 2, M]
            diff = autograd.grad([(costs[.., 0] - costs[.., 1]).sum()], [y])[0];                  // ∇_y f(â + δû) − ∇_y f(â − δû)
        }
        var factor = where(moving, scale / (delta.view(b) * (2.0 * m)), zeros_like(scale));
        free = n.MoveToOuterDisposeScope();
        return (diff * factor.view(b, 1, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>∇_a F [B, P, ADim] at the points a [B, P, ADim], F(a) = (1/M) Σ_m f(ŷ_m, a), by autograd.</summary>
    private static Tensor SaaGradient(SimplexDecisions problem, Tensor samples, Tensor points)
    {
        var pairCosts = problem.PairCosts ?? throw new InvalidOperationException(
            "the plain-torch simplex argmin needs the task's tensor cost (SimplexDecisions.PairCosts)");
        using var grad = enable_grad();
        var a = points.detach().requires_grad_();
        var value = pairCosts(samples.detach(), a).mean([-1L]).sum();                           // Σ_{b,p} F(a[b, p])
        return autograd.grad([value], [a])[0].detach();
    }

    /// <summary>
    /// Z [B, K, K−1]: column j−1 (j = 1..|𝓕|−1) = (1, …, 1, −j, 0, …)/√(j(j+1)) over the face coordinates in index
    /// order (j ones), zero off the face and in the columns j ≥ |𝓕|.
    /// </summary>
    private static Tensor FaceBasis(Tensor mask, Tensor n, int k)
    {
        var rank = (mask.cumsum(-1L, ScalarType.Float64) - 1).unsqueeze(-1);                      // position within 𝓕 [B, K, 1]
        var j = arange(1, k, ScalarType.Float64, mask.device).view(1, 1, k - 1);
        var norm = (j * (j + 1)).sqrt();
        var column = where(rank < j, 1.0 / norm, where(rank == j, -j / norm, zeros_like(norm)));
        var used = mask.unsqueeze(-1) & (j < n.view(-1, 1, 1));
        return where(used, column, zeros_like(column));
    }

    /// <summary>
    /// Batched <see cref="SmallDenseAlgebra.ClippedPdSolve"/>: x = V diag(1/max(|λ|, ρ·max|λ|)) Vᵀ r with
    /// (H + Hᵀ)/2 = V diag(λ) Vᵀ; zero where H = 0.
    /// </summary>
    private static Tensor ClippedPdSolve(Tensor h, Tensor r, double rho)
    {
        var (lambda, v) = linalg.eigh((h + h.transpose(1, 2)) * 0.5);
        var size = lambda.abs();
        var max = size.amax([-1L], keepdim: true);
        var clipped = maximum(size, max * rho);
        var proj = matmul(v.transpose(1, 2), r) / where(clipped > 0, clipped, ones_like(clipped)).unsqueeze(-1);
        return where(max.unsqueeze(-1) > 0, matmul(v, proj), zeros_like(r));
    }
}
