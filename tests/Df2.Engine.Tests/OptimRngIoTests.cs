using Df2.Engine;
using Df2.Engine.IO;
using Df2.Engine.NN;
using Df2.Engine.Optim;

namespace Df2.Engine.Tests;

public class OptimRngIoTests
{
    [Fact]
    public void Adam_minimises_a_quadratic()
    {
        var p = Tensor.FromArray([3f, -2f], 2); p.RequiresGrad = true;
        var opt = new Adam([p], lr: 0.1f);
        for (int i = 0; i < 300; i++) { opt.ZeroGrad(); p.Pow(2).Sum().Backward(); opt.Step(); }
        Assert.All(p.ToArray(), v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void Adam_first_step_is_lr_times_sign()
    {
        // after one step m̂ = g, v̂ = g² ⇒ Δθ = −lr·g/(|g| + ε)
        var p = Tensor.FromArray([1f, -1f], 2); p.RequiresGrad = true;
        var opt = new Adam([p], lr: 0.01f);
        (p * Tensor.FromArray([4f, -0.5f], 2)).Sum().Backward();
        opt.Step();
        Assert.Equal(0.99f, p[0], 5); Assert.Equal(-0.99f, p[1], 5);
    }

    [Fact]
    public void SGD_momentum_matches_hand_computation()
    {
        var p = Tensor.FromArray([1f], 1); p.RequiresGrad = true;
        var opt = new SGD([p], lr: 0.1f, momentum: 0.9f, weightDecay: 0.5f);
        // g = 2θ + 0.5θ = 2.5θ ; step1: b = 2.5, θ = 0.75 ; step2: g = 1.875, b = 0.9·2.5+1.875 = 4.125, θ = 0.3375
        for (int i = 0; i < 2; i++) { opt.ZeroGrad(); p.Pow(2).Sum().Backward(); opt.Step(); }
        Assert.Equal(0.3375f, p.Item(), 5);
    }

    [Fact]
    public void StepLR_and_clip()
    {
        var p = Tensor.FromArray([3f, 4f], 2); p.RequiresGrad = true;
        var opt = new SGD([p], lr: 1f);
        var s = new StepLR(opt, 2, 0.5f);
        s.Step(); Assert.Equal(1f, opt.LearningRate); s.Step(); Assert.Equal(0.5f, opt.LearningRate);
        s.Step(); s.Step(); Assert.Equal(0.25f, opt.LearningRate);
        (p * p).Sum().Backward(); // grad (6, 8), norm 10
        float n = GradClip.ClipGradNorm([p], 5f);
        Assert.Equal(10f, n, 4);
        Assert.Equal(3f, p.Grad![0], 3); Assert.Equal(4f, p.Grad[1], 3);
    }

    [Fact]
    public void Optimizer_state_roundtrip()
    {
        var p = Tensor.FromArray([1f, 2f], 2); p.RequiresGrad = true;
        var opt = new Adam([p], 0.1f);
        (p * p).Sum().Backward(); opt.Step();
        var q = Tensor.FromArray(p.ToArray(), 2); q.RequiresGrad = true;
        var opt2 = new Adam([q], 0.1f);
        opt2.LoadStateDict(opt.StateDict());
        p.ZeroGrad(); (p * p).Sum().Backward(); opt.Step();
        (q * q).Sum().Backward(); opt2.Step();
        Assert.Equal(p.ToArray(), q.ToArray());
    }

    [Fact]
    public void Rng_is_deterministic_and_samplers_have_right_moments()
    {
        Assert.Equal(new Rng(42).Normal(0, 1, 10).ToArray(), new Rng(42).Normal(0, 1, 10).ToArray());
        var r = new Rng(1);
        var n = r.Normal(1, 2, 20000).ToArray();
        Assert.InRange(n.Average(), 0.95, 1.05);
        Assert.InRange(Math.Sqrt(n.Select(v => (v - 1.0) * (v - 1.0)).Average()), 1.95, 2.05);
        var u = r.Uniform(-1, 3, 20000).ToArray();
        Assert.True(u.Min() >= -1 && u.Max() < 3);
        Assert.InRange(u.Average(), 0.95, 1.05);
        var d = r.Dirichlet(0.5f, 1000, 3).ToArray();
        for (int i = 0; i < 1000; i++) Assert.Equal(1f, d[3 * i] + d[3 * i + 1] + d[3 * i + 2], 4);
        Assert.InRange(Enumerable.Range(0, 1000).Average(i => d[3 * i]), 0.3, 0.37);
        var counts = new int[3];
        for (int i = 0; i < 30000; i++) counts[r.Categorical([0.2f, 0.5f, 0.3f])]++;
        Assert.InRange(counts[1] / 30000.0, 0.48, 0.52);
        var g = r.Gumbel(20000).ToArray();
        Assert.InRange(g.Average(), 0.55, 0.60); // Euler–Mascheroni 0.5772
        var perm = r.Permutation(50);
        Assert.Equal(Enumerable.Range(0, 50), perm.OrderBy(v => v));
    }

    [Fact]
    public void Rng_state_restored_into_another_generator_continues_the_same_stream()
    {
        var a = new Rng(7);
        a.Gumbel(5);
        a.NextNormal(); // odd number of normals: the second Box–Muller value is pending and must travel too
        var saved = a.State;
        Assert.NotNull(saved.SpareNormal);
        var expected = a.Normal(0, 1, 9).ToArray().Concat(a.Gumbel(4).ToArray()).Append(a.NextInt(1000)).ToArray();
        var b = new Rng(12345) { State = saved };
        var actual = b.Normal(0, 1, 9).ToArray().Concat(b.Gumbel(4).ToArray()).Append(b.NextInt(1000)).ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(a.State, b.State);
        Assert.Throws<ArgumentException>(() => b.State = new RngState(0, 0, 0, 0, null));
    }

    [Fact]
    public void Safetensors_roundtrip_with_metadata()
    {
        var m = new Sequential(new Linear(3, 2, new Rng(1)));
        var path = Path.Combine(Path.GetTempPath(), $"df2-engine-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, m.StateDict(), new Dictionary<string, string> { ["epoch"] = "3" });
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(0, (long)BitConverter.ToUInt64(bytes, 0) % 8);
            var back = Safetensors.Load(bytes, out var meta);
            Assert.Equal("3", meta["epoch"]);
            Assert.Equal(m.StateDict()["0.weight"].ToArray(), back["0.weight"].ToArray());
            Assert.Equal(new[] { 2, 3 }, back["0.weight"].Shape);
        }
        finally { File.Delete(path); }
        var err = Assert.Throws<FormatException>(() => Safetensors.Load(new byte[] { 200, 0, 0, 0, 0, 0, 0, 0, 1 }));
        Assert.Contains("header length", err.Message);
    }

    [Fact]
    public void Writes_a_checkpoint_for_the_python_check()
    {
        // tests/golden/check_safetensors.py loads this file into torch.nn.Sequential(Linear(3,4), ReLU, Linear(4,2))
        var m = new Sequential(new Linear(3, 4, new Rng(11)), new ReLU(), new Linear(4, 2, new Rng(12)));
        var y = m.Forward(Tensor.FromArray([0.5f, -1f, 2f], 1, 3)).ToArray();
        var meta = new Dictionary<string, string> { ["output"] = string.Join(",", y.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) };
        var path = Path.Combine(AppContext.BaseDirectory, "engine_checkpoint.safetensors");
        Safetensors.Save(path, m.StateDict(), meta);
        Assert.Equal(4, Safetensors.Load(path).Count);
    }
}
