using Df2.Engine;

namespace Df2.Engine.Tests;

public class ElementwiseGradTests
{
    private readonly Rng R = new(1); // fresh per test (xunit makes one instance per test)

    /// <summary>Values k·0.1 + offset in a shuffled order: pairs from different grids differ by ≥ 0.05 ≫ h.</summary>
    private static Tensor Grid(float offset, int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        var d = new float[n];
        for (int i = 0; i < n; i++) d[i] = ((i * 7) % n - n / 2) * 0.1f + offset;
        return Tensor.FromArray(d, shape);
    }

    [Fact] public void Add_broadcast() => GradCheck.Check(t => t[0] + t[1], [GradCheck.Rand(R, -1, 1, 3, 4), GradCheck.Rand(R, -1, 1, 4)]);
    [Fact] public void Sub_broadcast() => GradCheck.Check(t => t[0] - t[1], [GradCheck.Rand(R, -1, 1, 2, 1, 3), GradCheck.Rand(R, -1, 1, 4, 1)]);
    [Fact] public void Mul_broadcast() => GradCheck.Check(t => t[0] * t[1], [GradCheck.Rand(R, -1, 1, 2, 3, 4), GradCheck.Rand(R, -1, 1, 3, 1)]);
    [Fact] public void Div() => GradCheck.Check(t => t[0] / t[1], [GradCheck.Rand(R, -1, 1, 3, 4), GradCheck.Rand(R, 0.5f, 2, 3, 4)]);
    [Fact] public void Scalars() => GradCheck.Check(t => (2f - t[0] * 3f) / 4f + 1f, [GradCheck.Rand(R, -1, 1, 5)]);
    [Fact] public void Neg() => GradCheck.Check(t => -t[0], [GradCheck.Rand(R, -1, 1, 5)]);
    [Fact] public void Pow() => GradCheck.Check(t => t[0].Pow(3f) + t[0].Pow(2f), [GradCheck.Rand(R, -1, 1, 6)]);
    [Fact] public void PowFractional() => GradCheck.Check(t => t[0].Pow(1.5f), [GradCheck.Rand(R, 0.5f, 2, 6)]);
    [Fact] public void Exp() => GradCheck.Check(t => t[0].Exp(), [GradCheck.Rand(R, -1, 1, 6)]);
    [Fact] public void Log() => GradCheck.Check(t => t[0].Log(), [GradCheck.Rand(R, 0.5f, 2, 6)]);
    [Fact] public void Sqrt() => GradCheck.Check(t => t[0].Sqrt(), [GradCheck.Rand(R, 0.5f, 2, 6)]);
    [Fact] public void Abs() => GradCheck.Check(t => t[0].Abs(), [GradCheck.Rand(R, -1, 1, 6)]);
    [Fact] public void Relu() => GradCheck.Check(t => t[0].Relu(), [GradCheck.Rand(R, -1, 1, 6)]);
    [Fact] public void Gelu() => GradCheck.Check(t => t[0].Gelu(), [GradCheck.Rand(R, -3, 3, 8)]);
    [Fact] public void Tanh() => GradCheck.Check(t => t[0].Tanh(), [GradCheck.Rand(R, -2, 2, 6)]);
    [Fact] public void Sigmoid() => GradCheck.Check(t => t[0].Sigmoid(), [GradCheck.Rand(R, -3, 3, 6)]);
    [Fact] public void Softplus() => GradCheck.Check(t => t[0].Softplus(), [GradCheck.Rand(R, -3, 3, 6)]);
    [Fact] public void Clamp() => GradCheck.Check(t => t[0].Clamp(-0.5f, 0.5f), [Tensor.FromArray([-0.9f, -0.3f, 0.2f, 0.7f, 0.45f], 5)]);
    [Fact] public void Minimum() => GradCheck.Check(t => Ops.Minimum(t[0], t[1]), [Grid(0f, [3, 4]), Grid(0.05f, [4])]);
    [Fact] public void Maximum() => GradCheck.Check(t => Ops.Maximum(t[0], t[1]), [Grid(0f, [3, 4]), Grid(0.05f, [3, 1])]);
    [Fact] public void Where() => GradCheck.Check(t => Ops.Where(Tensor.FromArray([1, 0, 1, 0], 4), t[0], t[1]), [GradCheck.Rand(R, -1, 1, 3, 4), GradCheck.Rand(R, -1, 1, 4)]);

    [Fact]
    public void Forward_values_match_definitions()
    {
        var x = Tensor.FromArray([-1f, 0.5f, 2f], 3);
        Assert.Equal([0f, 0.5f, 2f], x.Relu().ToArray());
        Assert.Equal(MathF.Log(1 + MathF.Exp(0.5f)), x.Softplus()[1], 5);
        Assert.Equal(0.5f * 0.5f * (1 + 0.382924922548f), x.Gelu()[1], 5);
        Assert.Equal([1f, 0.5f, 1f], x.Abs().Clamp(0.5f, 1f).ToArray());
        Assert.Equal(8f, x.Pow(3)[2], 5);
        Assert.Equal(-1f, x.Pow(3)[0], 5);
    }
}
