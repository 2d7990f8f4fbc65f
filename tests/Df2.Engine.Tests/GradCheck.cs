using Df2.Engine;

namespace Df2.Engine.Tests;

/// <summary>
/// Finite-difference gradient check. The scalar L = Σ_i out_i·r_i (fixed random r) is evaluated in
/// double from the float32 outputs; ∂L/∂x_j is estimated by central differences
/// (L(x+h e_j) − L(x−h e_j)) / 2h with h = 1e-2 and compared with the analytic gradient from
/// Backward(r): |num − ana| ≤ atol + rtol·|ana| (defaults atol = rtol = 1e-2, float32 forward).
/// </summary>
public static class GradCheck
{
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, float h = 1e-2f, double atol = 1e-2, double rtol = 1e-2, ulong seed = 7)
    {
        foreach (var x in inputs) { x.RequiresGrad = true; x.Grad = null; }
        var y = f(inputs);
        var rng = new Rng(seed);
        var r = rng.Uniform(-1, 1, y.Shape);
        y.Backward(r);
        var rr = r.ToArray();
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            Assert.NotNull(x.Grad);
            var ana = x.Grad!.ToArray();
            var data = x.MutableSpan;
            for (int j = 0; j < x.Numel; j++)
            {
                float orig = data[j];
                data[j] = orig + h; double lp = Eval(f, inputs, rr);
                data[j] = orig - h; double lm = Eval(f, inputs, rr);
                data[j] = orig;
                double num = (lp - lm) / (2 * h);
                double tol = atol + rtol * Math.Abs(ana[j]);
                Assert.True(Math.Abs(num - ana[j]) <= tol,
                    $"input {k} element {j}: numeric {num:G6} vs analytic {ana[j]:G6} (tol {tol:G3})");
            }
        }
    }

    private static double Eval(Func<Tensor[], Tensor> f, Tensor[] inputs, float[] r)
    {
        using var _ = Autograd.NoGrad();
        var y = f(inputs).ToArray();
        double s = 0;
        for (int i = 0; i < y.Length; i++) s += (double)y[i] * r[i];
        return s;
    }

    /// <summary>Random tensor with entries bounded away from 0 (keeps kinks of relu/abs/clamp out of the stencil).</summary>
    public static Tensor Rand(Rng rng, float lo, float hi, params int[] shape)
    {
        var t = rng.Uniform(lo, hi, shape);
        var s = t.MutableSpan;
        for (int i = 0; i < s.Length; i++) if (MathF.Abs(s[i]) < 0.1f) s[i] = s[i] < 0 ? s[i] - 0.1f : s[i] + 0.1f;
        return t;
    }
}
