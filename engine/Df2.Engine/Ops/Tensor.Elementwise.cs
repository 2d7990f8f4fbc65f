using Df2.Engine.Backends;

namespace Df2.Engine;

/// <summary>Elementwise ops with broadcasting. Each defines its forward kernel and local derivative.</summary>
public sealed partial class Tensor
{
    private static IBackend B => Backend.Current;

    internal static Tensor BinaryRaw(BinaryOp op, Tensor a, Tensor b, out int[] shape)
    {
        shape = ShapeUtil.Broadcast(a.Shape, b.Shape);
        var d = Alloc(ShapeUtil.Numel(shape));
        B.Binary(op, a.Data, a.Shape, b.Data, b.Shape, d, shape);
        return new Tensor(d, shape);
    }

    private static float[] BinaryData(BinaryOp op, Tensor a, Tensor b, out int[] shape) => BinaryRaw(op, a, b, out shape).Data;

    private Tensor UnaryRaw(UnaryOp op, float p0 = 0, float p1 = 0)
    {
        var d = Alloc(Numel);
        B.Unary(op, Data, d, Numel, p0, p1);
        return new Tensor(d, (int[])Shape.Clone());
    }

    /// <summary>a + b. ∂/∂a = 1, ∂/∂b = 1.</summary>
    public Tensor Add(Tensor other) =>
        Make("add", BinaryData(BinaryOp.Add, this, other, out var s), s, [this, other], g => [g, g]);

    /// <summary>a − b. ∂/∂a = 1, ∂/∂b = −1.</summary>
    public Tensor Sub(Tensor other) =>
        Make("sub", BinaryData(BinaryOp.Sub, this, other, out var s), s, [this, other], g => [g, other.RequiresGrad ? g.Neg() : null]);

    /// <summary>a · b. ∂/∂a = b, ∂/∂b = a.</summary>
    public Tensor Mul(Tensor other)
    {
        var a = this;
        return Make("mul", BinaryData(BinaryOp.Mul, a, other, out var s), s, [a, other],
            g => [a.RequiresGrad ? g.Mul(other) : null, other.RequiresGrad ? g.Mul(a) : null]);
    }

    /// <summary>a / b. ∂/∂a = 1/b, ∂/∂b = −a/b².</summary>
    public Tensor Div(Tensor other)
    {
        var a = this;
        return Make("div", BinaryData(BinaryOp.Div, a, other, out var s), s, [a, other],
            g => [a.RequiresGrad ? g.Div(other) : null, other.RequiresGrad ? g.Mul(a).Div(other.Mul(other)).Neg() : null]);
    }

    public Tensor Add(float v) => Make("add_s", UnaryRaw(UnaryOp.AddScalar, v).Data, (int[])Shape.Clone(), [this], g => [g]);
    public Tensor Sub(float v) => Add(-v);
    public Tensor Mul(float v) => Make("mul_s", UnaryRaw(UnaryOp.Scale, v).Data, (int[])Shape.Clone(), [this], g => [g.Mul(v)]);
    public Tensor Div(float v) => Mul(1f / v);

    /// <summary>−x.</summary>
    public Tensor Neg() => Make("neg", UnaryRaw(UnaryOp.Neg).Data, (int[])Shape.Clone(), [this], g => [g.Neg()]);

    /// <summary>x^p. ∂/∂x = p·x^(p−1).</summary>
    public Tensor Pow(float p)
    {
        var x = this;
        return Make("pow", UnaryRaw(UnaryOp.PowScalar, p).Data, (int[])Shape.Clone(), [x],
            g => [p == 2f ? g.Mul(x.Mul(2f)) : g.Mul(x.UnaryRaw(UnaryOp.PowScalar, p - 1f).Mul(p))]);
    }

    /// <summary>eˣ. ∂/∂x = eˣ (the output).</summary>
    public Tensor Exp()
    {
        Tensor? y = null;
        y = Make("exp", UnaryRaw(UnaryOp.Exp).Data, (int[])Shape.Clone(), [this], g => [g.Mul(y!.Detach())]);
        return y;
    }

    /// <summary>ln x. ∂/∂x = 1/x.</summary>
    public Tensor Log() { var x = this; return Make("log", UnaryRaw(UnaryOp.Log).Data, (int[])Shape.Clone(), [x], g => [g.Div(x)]); }

    /// <summary>√x. ∂/∂x = 1/(2√x).</summary>
    public Tensor Sqrt()
    {
        Tensor? y = null;
        y = Make("sqrt", UnaryRaw(UnaryOp.Sqrt).Data, (int[])Shape.Clone(), [this], g => [g.Div(y!.Detach().Mul(2f))]);
        return y;
    }

    /// <summary>|x|. ∂/∂x = sign(x) (0 at 0, like PyTorch).</summary>
    public Tensor Abs() { var x = this; return Make("abs", UnaryRaw(UnaryOp.Abs).Data, (int[])Shape.Clone(), [x], g => [g.Mul(x.UnaryRaw(UnaryOp.Sign))]); }

    /// <summary>max(x, 0). ∂/∂x = 1[x &gt; 0].</summary>
    public Tensor Relu() { var x = this; return Make("relu", UnaryRaw(UnaryOp.Relu).Data, (int[])Shape.Clone(), [x], g => [g.Mul(x.UnaryRaw(UnaryOp.Step, 0f))]); }

    /// <summary>x·Φ(x) (exact erf GELU). ∂/∂x = Φ(x) + x·φ(x).</summary>
    public Tensor Gelu() { var x = this; return Make("gelu", UnaryRaw(UnaryOp.Gelu).Data, (int[])Shape.Clone(), [x], g => [g.Mul(x.UnaryRaw(UnaryOp.GeluGrad))]); }

    /// <summary>tanh x. ∂/∂x = 1 − tanh² x.</summary>
    public Tensor Tanh()
    {
        Tensor? y = null;
        y = Make("tanh", UnaryRaw(UnaryOp.Tanh).Data, (int[])Shape.Clone(), [this], g =>
        {
            var yd = y!.Detach();
            return [g.Mul(yd.Mul(yd).Neg().Add(1f))];
        });
        return y;
    }

    /// <summary>σ(x) = 1/(1+e^{−x}). ∂/∂x = σ(1−σ).</summary>
    public Tensor Sigmoid()
    {
        Tensor? y = null;
        y = Make("sigmoid", UnaryRaw(UnaryOp.Sigmoid).Data, (int[])Shape.Clone(), [this], g =>
        {
            var yd = y!.Detach();
            return [g.Mul(yd.Mul(yd.Neg().Add(1f)))];
        });
        return y;
    }

    /// <summary>softplus(x) = ln(1+eˣ) (x above 20). ∂/∂x = σ(x).</summary>
    public Tensor Softplus()
    {
        var x = this;
        return Make("softplus", UnaryRaw(UnaryOp.Softplus).Data, (int[])Shape.Clone(), [x], g =>
        {
            var s = x.UnaryRaw(UnaryOp.Sigmoid);
            var big = x.UnaryRaw(UnaryOp.Step, 20f);
            // above the threshold PyTorch's softplus is the identity (derivative 1)
            return [g.Mul(s.Add(big.Mul(s.Neg().Add(1f))))];
        });
    }

    /// <summary>min(max(x, lo), hi). ∂/∂x = 1[lo ≤ x ≤ hi].</summary>
    public Tensor Clamp(float min, float max)
    {
        var x = this;
        return Make("clamp", UnaryRaw(UnaryOp.Clamp, min, max).Data, (int[])Shape.Clone(), [x], g => [g.Mul(x.UnaryRaw(UnaryOp.ClampMask, min, max))]);
    }

    /// <summary>Elementwise square x² (same as Pow(2)).</summary>
    public Tensor Square() => Pow(2f);

    // ---------- operators ----------
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator +(Tensor a, float b) => a.Add(b);
    public static Tensor operator +(float a, Tensor b) => b.Add(a);
    public static Tensor operator -(Tensor a, float b) => a.Add(-b);
    public static Tensor operator -(float a, Tensor b) => b.Neg().Add(a);
    public static Tensor operator *(Tensor a, float b) => a.Mul(b);
    public static Tensor operator *(float a, Tensor b) => b.Mul(a);
    public static Tensor operator /(Tensor a, float b) => a.Mul(1f / b);
    public static Tensor operator /(float a, Tensor b) => Scalar(a).Div(b);
}
