using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// The SEIRV cost as a custom autograd function (CPU fast path): out[l, p, s] = f(y[l, s], a[l, p]) for
/// scenarios y = log(OD + 1) [L, S, YDim] and decisions a [L, P, K], by the double-precision Euler
/// simulator (<see cref="SeirvModel"/>; each scenario's normalised OD prepared once for all P decisions).
/// Backward, for upstream G = ∂L/∂out [L, P, S], by the simulator's adjoint (<see cref="SeirvAdjoint"/>):
///   ∂L/∂a[l, p] = Σ_s G[l, p, s] ∇_a f(y[l, s], a[l, p]),
///   ∂L/∂y[l, s] = Σ_p G[l, p, s] ∇_W f(y[l, s], a[l, p]) ⊙ W (chain rule through W = exp y);
/// recomputed in backward (no per-pair state is kept), summed in a fixed order (deterministic).
/// Off the CPU, and as the reference, <see cref="SeirvTorch"/> computes the same with torch operations.
/// </summary>
public sealed class SeirvCostFunction : autograd.SingleTensorFunction<SeirvCostFunction>
{
    public override string Name => "seirv_pair_cost";

    /// <summary>f for every (scenario, decision) pair; the device path is chosen from y's device.</summary>
    public static Tensor PairCosts(VaccineSetup setup, Tensor y, Tensor a)
    {
        if (y.dim() != 3 || a.dim() != 3 || y.shape[0] != a.shape[0])
            throw new ArgumentException($"expected y [L, S, YDim] and a [L, P, K] with the same L, got [{string.Join(", ", y.shape)}] and [{string.Join(", ", a.shape)}]");
        return y.device_type == DeviceType.CPU ? apply(y, a, setup) : SeirvTorch.PairCosts(setup.Model, y, a);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (y, a, setup) = ((Tensor)vars[0], (Tensor)vars[1], (VaccineSetup)vars[2]);
        int l = (int)y.shape[0], s = (int)y.shape[1], p = (int)a.shape[1], yd = (int)y.shape[2], ad = (int)a.shape[2];
        var yv = Host(y);
        var av = Host(a);
        var result = new double[l * p * s];
        Parallel.For(0, l * s, unit =>
        {
            int li = unit / s, si = unit % s;
            var scenario = setup.Prepare(yv.AsSpan(unit * yd, yd));
            for (int pi = 0; pi < p; pi++)
                result[(li * p + pi) * s + si] = scenario.Cost(av.AsSpan((li * p + pi) * ad, ad), [], []);
        });
        ctx.save_data("y", yv); ctx.save_data("a", av); ctx.save_data("setup", setup);
        ctx.save_data("shape", (l, s, p, yd, ad));
        ctx.save_data("needs", (y.requires_grad, a.requires_grad));
        ctx.save_data("like", (y.dtype, y.device, a.dtype, a.device));
        return tensor(result, [l, p, s]).to(y.dtype).to(y.device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var yv = (double[])ctx.get_data("y");
        var av = (double[])ctx.get_data("a");
        var setup = (VaccineSetup)ctx.get_data("setup");
        var (l, s, p, yd, ad) = ((int, int, int, int, int))ctx.get_data("shape");
        var (needY, needA) = ((bool, bool))ctx.get_data("needs");
        var (yType, yDevice, aType, aDevice) = ((ScalarType, Device, ScalarType, Device))ctx.get_data("like");
        var g = Host(gradOutput);
        var gy = needY ? new double[l * s * yd] : null;
        var ga = needA ? new double[l * p * ad] : null;
        // one unit per l when a needs a gradient (its sum over s stays in order), per (l, s) otherwise
        int units = needA ? l : l * s;
        Parallel.For(0, units, unit =>
        {
            var gradA = new double[ad];
            var gradY = needY ? new double[yd] : [];
            int s0 = needA ? 0 : unit % s, s1 = needA ? s : s0 + 1, li = needA ? unit : unit / s;
            for (int si = s0; si < s1; si++)
            {
                var scenario = setup.Prepare(yv.AsSpan((li * s + si) * yd, yd));
                for (int pi = 0; pi < p; pi++)
                {
                    double w = g[(li * p + pi) * s + si];
                    if (w == 0) continue;
                    scenario.Cost(av.AsSpan((li * p + pi) * ad, ad), needA ? gradA : [], gradY);
                    if (ga != null) for (int i = 0; i < ad; i++) ga[(li * p + pi) * ad + i] += w * gradA[i];
                    if (gy != null) for (int i = 0; i < yd; i++) gy[(li * s + si) * yd + i] += w * gradY[i];
                }
            }
        });
        return
        [
            gy == null ? null! : tensor(gy, [l, s, yd]).to(yType).to(yDevice),
            ga == null ? null! : tensor(ga, [l, p, ad]).to(aType).to(aDevice),
            null!,                                                                   // the setup (not a tensor)
        ];
    }

    /// <summary>A tensor's values as a row-major double array on the host.</summary>
    private static double[] Host(Tensor t)
    {
        using var d = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return d.data<double>().ToArray();
    }
}
