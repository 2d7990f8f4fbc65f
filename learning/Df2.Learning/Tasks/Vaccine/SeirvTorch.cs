using static TorchSharp.torch;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// The SEIRV weekly new infections (<see cref="SeirvModel"/>, paper eq. 13) as plain torch operations on
/// any device, differentiable by autograd: the reference path of <see cref="SeirvCostFunction"/> (which
/// runs the simulator and its adjoint on the CPU) and the path used off the CPU. For scenarios
/// y = log W [L, S, T·K·K] and decisions a [L, P, K] it simulates all L·S·P pairs at once with states
/// [L, S, P, K]: ỹ = W/rowsum, mob(X)_k = Σ_{i≠k} ỹ[i,k]X_i − X_k Σ_{j≠k} ỹ[k,j], inf = βSI/N,
/// v = min(a/T, S+E) split by S/(S+E); R and V never reach the cost and are not simulated.
/// </summary>
public static class SeirvTorch
{
    /// <summary>out[l, p, s] = f(y[l, s], a[l, p]) in y's dtype.</summary>
    public static Tensor PairCosts(SeirvModel model, Tensor y, Tensor a)
    {
        int K = model.K, T = model.T;
        long l = y.shape[0], s = y.shape[1], p = a.shape[1];
        var opts = (y.dtype, y.device);
        var w = y.exp().reshape(l, s, T, K, K);                                         // W = exp(y) = OD + 1
        var tilde = w / w.sum(-1L, keepdim: true);                                       // ỹ[i, k] = W[i, k] / Σ_j W[i, j]
        var offDiag = (1 - eye(K, dtype: opts.dtype, device: opts.device));
        var flows = tilde * offDiag;                                                     // ỹ without the stays
        var outShare = flows.sum(-1L);                                                   // Σ_{j≠k} ỹ[k, j]  [L, S, T, K]
        Tensor Vec(double[] v) => tensor(v, dtype: opts.dtype, device: opts.device);
        var beta = Vec(model.Beta); var sigma = Vec(model.Sigma); var gamma = Vec(model.Gamma); var n = Vec(model.N);
        Tensor Start(double[] v) => Vec(v).expand(l, s, p, K);
        var S = Start(model.Initial.S); var E = Start(model.Initial.E); var I = Start(model.Initial.I);
        var daily = (a / T).unsqueeze(1);                                                // [L, 1, P, K]
        var total = zeros([l, s, p], opts.dtype, opts.device);
        for (int t = 0; t < T; t++)
        {
            var f = flows[.., .., t];                                                    // [L, S, K, K]
            var o = outShare[.., .., t].unsqueeze(2);                                    // [L, S, 1, K]
            Tensor Mob(Tensor x) => matmul(x, f) - x * o;                                // Σ_i X_i ỹ[i, k] − X_k Σ_j ỹ[k, j]
            var inf = beta * S * I / n;
            var u = S + E;
            var v = minimum(daily, u);
            var vS = where(u > 0, v * S / u, zeros_like(u));
            var vE = where(u > 0, v * E / u, zeros_like(u));
            var nextS = S - inf - vS + Mob(S);
            var nextE = E + inf - sigma * E - vE + Mob(E);
            var nextI = I + sigma * E - gamma * I + Mob(I);
            total = total + inf.sum(-1L);
            (S, E, I) = (nextS, nextE, nextI);
        }
        return total.transpose(1, 2);
    }
}
