using Df2.Engine.Backends;

namespace Df2.Engine;

/// <summary>Reductions: sum, mean, max, logsumexp, softmax, log-softmax.</summary>
public sealed partial class Tensor
{
    /// <summary>Σ of all elements (rank-0 result). ∂/∂x = 1.</summary>
    public Tensor Sum()
    {
        var x = this;
        var d = new float[1];
        B.SumTo(Data, Shape, d, []);
        return Make("sum", d, [], [x], g => [g.Expand(x.Shape)]);
    }

    /// <summary>Σ over <paramref name="dim"/>. ∂/∂x = 1 broadcast back.</summary>
    public Tensor Sum(int dim, bool keepDim = false)
    {
        var x = this;
        dim = ShapeUtil.Dim(dim, Rank);
        var (outer, n, inner) = ShapeUtil.Split(Shape, dim);
        var d = Alloc(outer * inner);
        B.ReduceSum(Data, outer, n, inner, d);
        var keep = ShapeUtil.Reduced(Shape, dim, true);
        return Make("sum_dim", d, ShapeUtil.Reduced(Shape, dim, keepDim), [x], g => [g.Reshape(keep).Expand(x.Shape)]);
    }

    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => Sum().Mul(1f / Math.Max(1, Numel));

    /// <summary>Mean over <paramref name="dim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Sum(dim, keepDim).Mul(1f / Shape[ShapeUtil.Dim(dim, Rank)]);

    /// <summary>Max over <paramref name="dim"/>; the gradient flows to the first maximiser.</summary>
    public Tensor Max(int dim, bool keepDim = false)
    {
        var x = this;
        dim = ShapeUtil.Dim(dim, Rank);
        var (outer, n, inner) = ShapeUtil.Split(Shape, dim);
        var d = Alloc(outer * inner);
        var arg = new int[outer * inner];
        B.ReduceMax(Data, outer, n, inner, d, arg);
        return Make("max_dim", d, ShapeUtil.Reduced(Shape, dim, keepDim), [x], g =>
        {
            var gx = new float[x.Numel];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    gx[(o * n + arg[o * inner + i]) * inner + i] = g.Data[o * inner + i];
            return [new Tensor(gx, x.Shape)];
        });
    }

    /// <summary>Max of all elements.</summary>
    public Tensor Max() => Reshape(Numel).Max(0);

    /// <summary>Index of the max along <paramref name="dim"/> (no gradient).</summary>
    public int[] ArgMax(int dim)
    {
        dim = ShapeUtil.Dim(dim, Rank);
        var (outer, n, inner) = ShapeUtil.Split(Shape, dim);
        var arg = new int[outer * inner];
        B.ReduceMax(Data, outer, n, inner, Alloc(outer * inner), arg);
        return arg;
    }

    /// <summary>log Σ_k exp(x_k) = m + log Σ exp(x_k − m) with m = max (treated as a constant: its gradient cancels).</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        dim = ShapeUtil.Dim(dim, Rank);
        Tensor m;
        using (Autograd.NoGrad()) m = Max(dim, true);
        // guard −inf rows (all −inf): use 0 as the shift
        var md = m.Data;
        for (int i = 0; i < m.Numel; i++) if (float.IsInfinity(md[i])) md[i] = 0f;
        var r = Sub(m).Exp().Sum(dim, true).Log().Add(m);
        return keepDim ? r : r.Squeeze(dim);
    }

    /// <summary>softmax(x)_k = e^{x_k}/Σ_j e^{x_j}. ∂L/∂x = y ⊙ (g − Σ_k g_k y_k).</summary>
    public Tensor Softmax(int dim)
    {
        dim = ShapeUtil.Dim(dim, Rank);
        var (outer, n, inner) = ShapeUtil.Split(Shape, dim);
        var d = Alloc(Numel);
        B.Softmax(Data, outer, n, inner, d);
        Tensor? y = null;
        int dd = dim;
        y = Make("softmax", d, (int[])Shape.Clone(), [this], g =>
        {
            var yd = y!.Detach();
            return [yd.Mul(g.Sub(g.Mul(yd).Sum(dd, true)))];
        });
        return y;
    }

    /// <summary>log softmax = x − logsumexp(x).</summary>
    public Tensor LogSoftmax(int dim) => Sub(LogSumExp(dim, true));

    /// <summary>Sums a (broadcast) tensor down to <paramref name="shape"/>: the adjoint of <see cref="Expand"/>.</summary>
    public Tensor SumTo(params int[] shape)
    {
        if (ShapeUtil.Same(shape, Shape)) return this;
        var x = this;
        ShapeUtil.BroadcastStrides(shape, Shape); // validates
        var d = new float[ShapeUtil.Numel(shape)];
        B.SumTo(Data, Shape, d, shape);
        return Make("sum_to", d, (int[])shape.Clone(), [x], g => [g.Expand(x.Shape)]);
    }
}
