using Df2.Engine;

namespace Df2.Engine.Tests;

public class ReductionShapeGradTests
{
    private readonly Rng R = new(2);

    [Fact] public void Sum_all() => GradCheck.Check(t => t[0].Sum(), [GradCheck.Rand(R, -1, 1, 3, 4)]);
    [Fact] public void Sum_dim() => GradCheck.Check(t => t[0].Sum(1) + t[0].Sum(-1, true).Sum(1), [GradCheck.Rand(R, -1, 1, 2, 3, 4)]);
    [Fact] public void Mean_all_and_dim() => GradCheck.Check(t => t[0].Mean(0).Mul(t[0].Mean()), [GradCheck.Rand(R, -1, 1, 3, 4)]);
    [Fact] public void Max_dim() => GradCheck.Check(t => t[0].Max(1), [Tensor.FromArray([0.1f, 0.9f, -0.3f, 0.5f, 0.2f, -0.8f], 2, 3)]);
    [Fact] public void LogSumExp() => GradCheck.Check(t => t[0].LogSumExp(1), [GradCheck.Rand(R, -2, 2, 3, 5)]);
    [Fact] public void LogSumExp_dim0_keep() => GradCheck.Check(t => t[0].LogSumExp(0, true), [GradCheck.Rand(R, -2, 2, 3, 5)]);
    [Fact] public void Softmax_last() => GradCheck.Check(t => t[0].Softmax(-1), [GradCheck.Rand(R, -2, 2, 3, 5)]);
    [Fact] public void Softmax_middle() => GradCheck.Check(t => t[0].Softmax(1), [GradCheck.Rand(R, -2, 2, 2, 3, 4)]);
    [Fact] public void LogSoftmax() => GradCheck.Check(t => t[0].LogSoftmax(1), [GradCheck.Rand(R, -2, 2, 3, 5)]);
    [Fact] public void MatMul_2d() => GradCheck.Check(t => t[0].MatMul(t[1]), [GradCheck.Rand(R, -1, 1, 3, 4), GradCheck.Rand(R, -1, 1, 4, 5)]);
    [Fact] public void MatMul_batched() => GradCheck.Check(t => t[0].MatMul(t[1]), [GradCheck.Rand(R, -1, 1, 2, 3, 4), GradCheck.Rand(R, -1, 1, 2, 4, 5)]);
    [Fact] public void MatMul_batch_broadcast() => GradCheck.Check(t => t[0].MatMul(t[1]), [GradCheck.Rand(R, -1, 1, 2, 1, 3, 4), GradCheck.Rand(R, -1, 1, 3, 4, 2)]);
    [Fact] public void MatMul_batched_by_matrix() => GradCheck.Check(t => t[0].MatMul(t[1]), [GradCheck.Rand(R, -1, 1, 2, 3, 4), GradCheck.Rand(R, -1, 1, 4, 5)]);
    [Fact] public void MatMul_vector() => GradCheck.Check(t => t[0].MatMul(t[1]), [GradCheck.Rand(R, -1, 1, 4), GradCheck.Rand(R, -1, 1, 4, 3)]);
    [Fact] public void Linear_fn() => GradCheck.Check(t => Tensor.Linear(t[0], t[1], t[2]), [GradCheck.Rand(R, -1, 1, 2, 3, 4), GradCheck.Rand(R, -1, 1, 5, 4), GradCheck.Rand(R, -1, 1, 5)]);
    [Fact] public void Transpose() => GradCheck.Check(t => t[0].Transpose(0, 2) * t[1], [GradCheck.Rand(R, -1, 1, 2, 3, 4), GradCheck.Rand(R, -1, 1, 4, 3, 2)]);
    [Fact] public void Permute() => GradCheck.Check(t => t[0].Permute(1, 2, 0) * t[1], [GradCheck.Rand(R, -1, 1, 2, 3, 4), GradCheck.Rand(R, -1, 1, 3, 4, 2)]);
    [Fact] public void Reshape() => GradCheck.Check(t => t[0].Reshape(4, -1) * t[1], [GradCheck.Rand(R, -1, 1, 2, 3, 2), GradCheck.Rand(R, -1, 1, 4, 3)]);
    [Fact] public void Squeeze_unsqueeze() => GradCheck.Check(t => t[0].Unsqueeze(1).Squeeze(1) * t[0], [GradCheck.Rand(R, -1, 1, 3, 2)]);
    [Fact] public void Slice() => GradCheck.Check(t => t[0].Slice(1, 1, 3) * t[0].Slice(1, 0, 2), [GradCheck.Rand(R, -1, 1, 3, 4)]);
    [Fact] public void IndexSelect() => GradCheck.Check(t => t[0].IndexSelect(0, [2, 0, 2]), [GradCheck.Rand(R, -1, 1, 3, 2)]);
    [Fact] public void Gather() => GradCheck.Check(t => t[0].Gather(1, Tensor.FromArray([0, 2, 2, 1, 1, 0], 2, 3)), [GradCheck.Rand(R, -1, 1, 2, 4)]);
    [Fact] public void Expand() => GradCheck.Check(t => t[0].Expand(3, 2, 4) * t[1], [GradCheck.Rand(R, -1, 1, 2, 1), GradCheck.Rand(R, -1, 1, 3, 2, 4)]);
    [Fact] public void Cat() => GradCheck.Check(t => Ops.Cat([t[0], t[1]], 1), [GradCheck.Rand(R, -1, 1, 2, 3), GradCheck.Rand(R, -1, 1, 2, 2)]);
    [Fact] public void Stack() => GradCheck.Check(t => Ops.Stack([t[0], t[1] * t[0]], 1), [GradCheck.Rand(R, -1, 1, 2, 3), GradCheck.Rand(R, -1, 1, 2, 3)]);
    [Fact] public void SumTo() => GradCheck.Check(t => t[0].SumTo(1, 4).Mul(t[0].SumTo(3, 1)), [GradCheck.Rand(R, -1, 1, 3, 4)]);

    [Fact]
    public void Forward_values()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal([5f, 7f, 9f], x.Sum(0).ToArray());
        Assert.Equal([6f, 15f], x.Sum(1).ToArray());
        Assert.Equal([3f, 6f], x.Max(1).ToArray());
        Assert.Equal([1, 4, 2, 5, 3, 6], x.T().ToArray().Select(v => (int)v));
        Assert.Equal([2f, 3f, 5f, 6f], x.Slice(1, 1, 3).ToArray());
        Assert.Equal(new[] { 2, 2, 3 }, Ops.Stack([x, x], 0).Shape);
        Assert.Equal([22f, 28f, 49f, 64f], x.MatMul(Tensor.FromArray([1, 2, 3, 4, 5, 6], 3, 2)).ToArray());
        Assert.Equal(MathF.Log(MathF.Exp(1) + MathF.Exp(2) + MathF.Exp(3)), x.LogSumExp(1)[0], 5);
        Assert.Equal(1f, x.Softmax(1).Sum(1)[1], 5);
        Assert.Equal([1f, 5f], x.Gather(1, Tensor.FromArray([0, 1], 2, 1)).ToArray());
    }

    [Fact]
    public void Large_gemm_matches_naive()
    {
        var a = R.Uniform(-1, 1, 67, 130); var b = R.Uniform(-1, 1, 130, 301);
        var c = a.MatMul(b).ToArray();
        var ad = a.ToArray(); var bd = b.ToArray();
        for (int i = 0; i < 67; i += 5)
            for (int j = 0; j < 301; j += 7)
            {
                double s = 0;
                for (int k = 0; k < 130; k++) s += (double)ad[i * 130 + k] * bd[k * 301 + j];
                Assert.True(Math.Abs(s - c[i * 301 + j]) < 1e-4, $"C[{i},{j}] = {c[i * 301 + j]} vs {s}");
            }
    }

    [Fact]
    public void Bad_shapes_give_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Add(Tensor.Zeros(4)));
        Assert.Contains("[2,3]", e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(2, 3)));
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Reshape(4, 2));
    }
}
