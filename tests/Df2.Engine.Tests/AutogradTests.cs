using Df2.Engine;

namespace Df2.Engine.Tests;

public class AutogradTests
{
    [Fact]
    public void Gradients_accumulate_across_backward_calls()
    {
        var x = Tensor.FromArray([1f, 2f], 2); x.RequiresGrad = true;
        (x * x).Sum().Backward();
        (x * 3f).Sum().Backward();
        Assert.Equal([2f + 3f, 4f + 3f], x.Grad!.ToArray());
        x.ZeroGrad(); Assert.Null(x.Grad);
    }

    [Fact]
    public void Shared_subexpression_gets_summed_gradient()
    {
        var x = Tensor.FromArray([3f], 1); x.RequiresGrad = true;
        var y = x * x;           // y = x²
        var z = (y + y * x).Sum(); // z = x² + x³ ⇒ dz/dx = 2x + 3x² = 33
        z.Backward();
        Assert.Equal(33f, x.Grad!.Item(), 4);
    }

    [Fact]
    public void Deep_chain_does_not_overflow_the_stack()
    {
        var x = Tensor.Scalar(1f); x.RequiresGrad = true;
        var y = x;
        for (int i = 0; i < 100_000; i++) y = y * 1.0f;
        y.Backward();
        Assert.Equal(1f, x.Grad!.Item());
    }

    [Fact]
    public void NoGrad_and_Detach_stop_recording()
    {
        var x = Tensor.FromArray([1f, 2f], 2); x.RequiresGrad = true;
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsGradEnabled);
            Assert.False((x * 2f).RequiresGrad);
        }
        Assert.True(Autograd.IsGradEnabled);
        Assert.False(x.Detach().RequiresGrad);
        var z = (x * x.Detach()).Sum();
        z.Backward();
        Assert.Equal([1f, 2f], x.Grad!.ToArray());
    }

    [Fact]
    public void Gradient_with_respect_to_inputs()
    {
        var w = Tensor.FromArray([2f, -1f], 2, 1); w.RequiresGrad = true;
        var x = Tensor.FromArray([1f, 1f, 3f, 4f], 2, 2); x.RequiresGrad = true;
        x.MatMul(w).Sum().Backward();
        Assert.Equal([2f, -1f, 2f, -1f], x.Grad!.ToArray());
        Assert.Equal([4f, 5f], w.Grad!.ToArray());
    }

    [Fact]
    public void Custom_op_backward_is_called()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3); x.RequiresGrad = true;
        // y = 2x with a hand-written backward
        var y = Tensor.Custom("double", x.ToArray().Select(v => 2 * v).ToArray(), [3], [x], g => [g * 2f]);
        (y * y).Sum().Backward();   // d/dx Σ 4x² = 8x
        Assert.Equal([8f, 16f, 24f], x.Grad!.ToArray());
    }

    [Fact]
    public void CustomInto_adds_into_the_input_gradient_buffers()
    {
        var x = Tensor.FromArray([1f, -2f, 3f], 3); x.RequiresGrad = true;
        // y = x² written as a CustomInto op (adds 2x·ġ into x's buffer), used twice with a plain op in between
        Tensor Sq(Tensor t) => Tensor.CustomInto("sq", t.ToArray().Select(v => v * v).ToArray(), [3], [t], (g, buf) =>
        {
            var gx = buf(0); var gs = g.Span; var ts = t.Span;
            for (int i = 0; i < 3; i++) gx[i] += 2 * ts[i] * gs[i];
        });
        var z = (Sq(x) + x * 3f + Sq(x)).Sum();   // dz/dx = 4x + 3
        z.Backward();
        Assert.Equal([7f, -5f, 15f], x.Grad!.ToArray());
    }

    [Fact]
    public void Mixed_slice_and_plain_contributions_accumulate_correctly()
    {
        var rng = new Rng(3);
        GradCheck.Check(t => Ops.Cat([t[0].Slice(0, 0, 2).Mul(t[0].Slice(0, 1, 3)), t[0].Exp()], 0).Add(t[0].Sum(0, true)),
            [rng.Uniform(-1, 1, 3, 4)]);
        GradCheck.Check(t => Tensor.Linear(t[0], t[1], t[2]).Add(Tensor.Linear(t[0].Mul(t[0]), t[1], null)),
            [rng.Uniform(-1, 1, 5, 40), rng.Uniform(-1, 1, 6, 40), rng.Uniform(-1, 1, 6)]);
    }
}
