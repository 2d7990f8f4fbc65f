using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>
/// The pairwise cost of a separable box task as a custom autograd function (CPU fast path):
/// out[l, p, s] = Σᵢ c(y[l, s, i], a[l, p, i]) for scenarios y [L, S, D] and actions a [L, P, D], each pair's sum
/// in double precision over the task's <see cref="ICoordinateCost"/> (no [L, P, S, D] intermediate — DF2's value term
/// at the paper's shape is 64·100 actions × 500 values × 12 hours). Backward, for upstream G = ∂L/∂out:
///   ∂L/∂y[l, s, i] = Σ_p G[l, p, s] ∂c/∂y(y[l, s, i], a[l, p, i]),
///   ∂L/∂a[l, p, i] = Σ_s G[l, p, s] ∂c/∂a(y[l, s, i], a[l, p, i]),
/// each element summed in a fixed order (deterministic). The plain-torch path is the task's elementwise
/// tensor expression broadcast over [L, P, S, D] (<see cref="SeparableBoxTask.PairCosts"/> off the CPU).
/// </summary>
public sealed class SeparablePairCostFunction : autograd.SingleTensorFunction<SeparablePairCostFunction>
{
    public override string Name => "separable_pair_cost";

    /// <summary>out [L, P, S] in y's dtype and device.</summary>
    public static Tensor Apply(ICoordinateCost cost, Tensor y, Tensor a)
    {
        if (y.dim() != 3 || a.dim() != 3 || y.shape[0] != a.shape[0] || y.shape[2] != a.shape[2])
            throw new ArgumentException($"expected y [L, S, D] and a [L, P, D], got [{string.Join(", ", y.shape)}] and [{string.Join(", ", a.shape)}]");
        return apply(y, a, cost);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (y, a, cost) = ((Tensor)vars[0], (Tensor)vars[1], (ICoordinateCost)vars[2]);
        int l = (int)y.shape[0], s = (int)y.shape[1], p = (int)a.shape[1], d = (int)y.shape[2];
        var yv = Host(y);
        var av = Host(a);
        var result = new double[l * p * s];
        Parallel.For(0, l * p, unit =>
        {
            int li = unit / p;
            var ap = av.AsSpan(unit * d, d);
            for (int si = 0; si < s; si++)
            {
                var ys = yv.AsSpan((li * s + si) * d, d);
                double total = 0;
                for (int i = 0; i < d; i++) total += cost.Cost(ys[i], ap[i]);
                result[unit * s + si] = total;
            }
        });
        ctx.save_data("y", yv); ctx.save_data("a", av); ctx.save_data("cost", cost);
        ctx.save_data("shape", (l, s, p, d));
        ctx.save_data("needs", (y.requires_grad, a.requires_grad));
        ctx.save_data("like", (y.dtype, y.device, a.dtype, a.device));
        return tensor(result, [l, p, s]).to(y.dtype).to(y.device);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var (yv, av, cost) = ((double[])ctx.get_data("y"), (double[])ctx.get_data("a"), (ICoordinateCost)ctx.get_data("cost"));
        var (l, s, p, d) = ((int, int, int, int))ctx.get_data("shape");
        var (needY, needA) = ((bool, bool))ctx.get_data("needs");
        var (yType, yDevice, aType, aDevice) = ((ScalarType, Device, ScalarType, Device))ctx.get_data("like");
        var g = Host(gradOutput);
        Tensor? gy = null, ga = null;
        if (needY)
        {
            var grad = new double[l * s * d];
            Parallel.For(0, l * s, unit =>
            {
                int li = unit / s, si = unit % s;
                var ys = yv.AsSpan(unit * d, d);
                var acc = grad.AsSpan(unit * d, d);
                for (int pi = 0; pi < p; pi++)
                {
                    double w = g[(li * p + pi) * s + si];
                    if (w == 0) continue;
                    var ap = av.AsSpan((li * p + pi) * d, d);
                    for (int i = 0; i < d; i++) acc[i] += w * cost.DCostDy(ys[i], ap[i]);
                }
            });
            gy = tensor(grad, [l, s, d]).to(yType).to(yDevice);
        }
        if (needA)
        {
            var grad = new double[l * p * d];
            Parallel.For(0, l * p, unit =>
            {
                int li = unit / p;
                var ap = av.AsSpan(unit * d, d);
                var acc = grad.AsSpan(unit * d, d);
                for (int si = 0; si < s; si++)
                {
                    double w = g[unit * s + si];
                    if (w == 0) continue;
                    var ys = yv.AsSpan((li * s + si) * d, d);
                    for (int i = 0; i < d; i++) acc[i] += w * cost.DCostDa(ys[i], ap[i]);
                }
            });
            ga = tensor(grad, [l, p, d]).to(aType).to(aDevice);
        }
        return [gy!, ga!, null!];
    }

    /// <summary>A tensor's values as a row-major double array on the host.</summary>
    private static double[] Host(Tensor t)
    {
        using var h = t.detach().to(ScalarType.Float64).cpu().contiguous();
        return h.data<double>().ToArray();
    }
}
