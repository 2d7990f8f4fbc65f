using static TorchSharp.torch;

namespace Df2.Kernels.Ops;

/// <summary>
/// Coefficients of the synthetic tasks' per-coordinate cost (DF2 paper, App. F.2):
/// c(y, a) = α(y−a)₊ + β(a−y)₊ + γ(y−a)₊² + δ(a−y)₊² + ε a³.
/// Convex objective (5, 20, 0.5, 0.2, 0); non-convex objective (0, 0, 10, 2, 4).
/// Kink convention (shared by both paths of every op here): at y = a, ∂c/∂y = 0, as libtorch's relu′(0) = 0.
/// </summary>
public sealed record PiecewiseCoefficients(double Alpha, double Beta, double Gamma, double Delta, double Epsilon) : CoordinateCost
{
    /// <summary>The convex synthetic objective (App. F.2).</summary>
    public static PiecewiseCoefficients Convex { get; } = new(5, 20, 0.5, 0.2, 0);

    /// <summary>The non-convex synthetic objective (App. F.2).</summary>
    public static PiecewiseCoefficients NonConvex { get; } = new(0, 0, 10, 2, 4);

    /// <summary>c(y, a), scalar reference.</summary>
    public override double Cost(double y, double a)
    {
        double up = y > a ? y - a : 0.0, down = a > y ? a - y : 0.0;
        return Alpha * up + Beta * down + Gamma * up * up + Delta * down * down + Epsilon * a * a * a;
    }

    /// <summary>∂c/∂y = α·1[y&gt;a] − β·1[a&gt;y] + 2γ(y−a)₊ − 2δ(a−y)₊ (0 at y = a).</summary>
    public double DCostDy(double y, double a)
    {
        if (y > a) return Alpha + 2 * Gamma * (y - a);
        if (a > y) return -Beta - 2 * Delta * (a - y);
        return 0.0;
    }

    /// <summary>∂c/∂a = −∂c/∂y + 3εa².</summary>
    public double DCostDa(double y, double a) => -DCostDy(y, a) + 3 * Epsilon * a * a;

    /// <summary>
    /// c(y, a) elementwise with broadcasting, as plain libtorch ops (any device, any float dtype;
    /// autograd through relu gives the kink convention above). Zero coefficients are skipped.
    /// </summary>
    public override Tensor Cost(Tensor y, Tensor a) => Piecewise(y - a) + Cubic(a);

    /// <summary>The table by <see cref="PairwiseCost.Plain"/> (the piecewise part over [B, J, S, D], the ε a³ part per action).</summary>
    public override Tensor PairTable(Tensor values, Tensor actions) => PairwiseCost.Plain(this, values, actions);

    internal override Tensor FusedForward(Tensor values, Tensor weights, Tensor actions) =>
        WeightedCostPass<PiecewiseTerms>.Forward(new PiecewiseTerms(this), values, weights, actions);

    internal override Tensor?[] FusedBackward(Tensor values, Tensor weights, Tensor actions, Tensor gradOutput, bool[] needs) =>
        WeightedCostPass<PiecewiseTerms>.Backward(new PiecewiseTerms(this), values, weights, actions, gradOutput, needs);

    /// <summary>α(y−a)₊ + β(a−y)₊ + γ(y−a)₊² + δ(a−y)₊² from the difference d = y − a (no ε term).</summary>
    public Tensor Piecewise(Tensor d)
    {
        using var scope = NewDisposeScope();
        var up = d.relu();
        var down = (-d).relu();
        Tensor? sum = null;
        void Add(Tensor term) => sum = sum is null ? term : sum + term;
        if (Alpha != 0) Add(up * Alpha);
        if (Beta != 0) Add(down * Beta);
        if (Gamma != 0) Add(up.square() * Gamma);
        if (Delta != 0) Add(down.square() * Delta);
        return (sum ?? zeros_like(d)).MoveToOuterDisposeScope();
    }

    /// <summary>ε a³ (zeros when ε = 0).</summary>
    public Tensor Cubic(Tensor a) => Epsilon != 0 ? a.pow(3) * Epsilon : zeros_like(a);
}
