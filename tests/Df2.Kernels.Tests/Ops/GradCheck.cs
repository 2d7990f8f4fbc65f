using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.Tests.Ops;

/// <summary>Finite-difference and comparison helpers for the custom autograd functions' tests.</summary>
internal static class GradCheck
{
    /// <summary>
    /// Analytic gradients of loss(inputs) by backward, and central differences (loss(x+h) − loss(x−h)) / 2h
    /// for every element of every input; asserts |fd − analytic| ≤ tol·(1 + |fd|).
    /// </summary>
    public static void AgainstFiniteDifferences(Func<Tensor[], Tensor> loss, Tensor[] inputs, double h, double tol, string label)
    {
        using var scope = NewDisposeScope();
        var leaves = inputs.Select(x => x.detach().clone().requires_grad_(true)).ToArray();
        loss(leaves).backward();
        for (int i = 0; i < inputs.Length; i++)
        {
            var point = Values(inputs[i]);
            var analytic = Values(leaves[i].grad!);
            for (int k = 0; k < point.Length; k++)
            {
                double fd = (Evaluate(loss, inputs, i, point, k, h) - Evaluate(loss, inputs, i, point, k, -h)) / (2 * h);
                Assert.True(Math.Abs(fd - analytic[k]) <= tol * (1 + Math.Abs(fd)),
                    $"{label}: input {i}, element {k}: finite difference {fd} vs backward {analytic[k]}");
            }
        }
    }

    private static double Evaluate(Func<Tensor[], Tensor> loss, Tensor[] inputs, int which, double[] point, int k, double step)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var moved = (double[])point.Clone();
        moved[k] += step;
        var args = inputs.ToArray();
        args[which] = tensor(moved, dtype: ScalarType.Float64).reshape(inputs[which].shape).to(inputs[which].dtype);
        return loss(args).to(ScalarType.Float64).item<double>();
    }

    /// <summary>A tensor's elements as doubles, in row-major order.</summary>
    public static double[] Values(Tensor t) => t.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();

    /// <summary>Asserts max |x − y| ≤ tol · max(1, max |y|).</summary>
    public static void Close(Tensor x, Tensor y, double tol, string label)
    {
        Assert.Equal(y.shape, x.shape);
        double[] a = Values(x), b = Values(y);
        double scale = Math.Max(1, b.Length == 0 ? 0 : b.Max(Math.Abs)), worst = 0;
        for (int k = 0; k < a.Length; k++) worst = Math.Max(worst, Math.Abs(a[k] - b[k]));
        Assert.True(worst <= tol * scale, $"{label}: max difference {worst} (scale {scale}, tolerance {tol})");
    }

    /// <summary>Asserts bit-for-bit equality.</summary>
    public static void Identical(Tensor x, Tensor y, string label)
    {
        Assert.Equal(y.shape, x.shape);
        using Tensor cx = x.contiguous(), cy = y.contiguous();
        Assert.True(cx.bytes.SequenceEqual(cy.bytes), $"{label}: not bit-for-bit identical");
    }

    /// <summary>
    /// n points of the lattice {0.1·k + offset}, k drawn from [−20, 20) by a seeded generator: values with
    /// offset 0.05 and actions with offset 0 are ≥ 0.05 apart, so no kink lies within a small step h.
    /// </summary>
    public static Tensor Lattice(Generator gen, double offset, ScalarType dtype, params long[] shape) =>
        (randint(-20, 20, shape, generator: gen).to(ScalarType.Float64) * 0.1 + offset).to(dtype);
}
