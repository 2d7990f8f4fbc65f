using Df2.Engine;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// Differentiable task cost for fixed labels: out[b] = f(y_b, a_b) = Σᵢ c(y[b, i], A[b, i]) for
/// actions A [B, 2] (y is data, no gradient). Backward: ∂L/∂A[b, i] = G[b] · ∂c/∂a(y[b, i], A[b, i]).
/// Used by the policy network (trained on f(y, a)).
/// </summary>
public static class PointCostOp
{
    public static Tensor Apply(ICoordinateCost cost, float[] y, Tensor actions)
    {
        if (actions.Rank != 2 || actions.Shape[1] != 2 || y.Length != actions.Numel)
            throw new ArgumentException($"actions must be [B, 2] matching {y.Length / 2} labels, got [{string.Join(", ", actions.Shape)}]");
        int b = actions.Shape[0];
        var a = actions.ToArray();
        var output = new float[b];
        for (int r = 0; r < b; r++)
            output[r] = (float)(cost.Cost(y[2 * r], a[2 * r]) + cost.Cost(y[2 * r + 1], a[2 * r + 1]));
        return Tensor.Custom("point_cost", output, [b], [actions], gradOut =>
        {
            var g = gradOut.ToArray();
            var ga = new float[b * 2];
            for (int r = 0; r < b; r++)
                for (int i = 0; i < 2; i++)
                    ga[2 * r + i] = (float)(g[r] * cost.DCostDa(y[2 * r + i], a[2 * r + i]));
            return [Tensor.FromArray(ga, b, 2)];
        });
    }
}
