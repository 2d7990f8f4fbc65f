using Df2.Engine;
using Df2.Learning.RealWorld.Nets;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>The DC-RNN encoder–decoder heads: output layout, the persistence residual, and gradients vs finite differences.</summary>
public class DcrnnHeadTests
{
    // 3 nodes on a path 0–1–2
    private static readonly double[] Path = [0, 1, 0, 1, 0, 1, 0, 1, 0];

    private static (DcrnnEncoder Enc, DcrnnForecastHeads Heads, Tensor X) Build(int k)
    {
        var rng = new Rng(7);
        var enc = new DcrnnEncoder(Path, 3, 3, 2, 2, rng);
        var heads = new DcrnnForecastHeads(enc, 2, k, rng);
        var x = rng.Uniform(0f, 3f, 2, 4, 9);
        return (enc, heads, x);
    }

    [Fact]
    public void Untrained_output_layer_forecasts_the_last_observed_day_in_y_order()
    {
        var (enc, heads, x) = Build(0);
        foreach (var (name, p) in heads.NamedParameters())
            if (name.StartsWith("decoder.out.", StringComparison.Ordinal)) p.MutableSpan.Clear();
        var point = heads.Point(enc, x).ToArray();           // [2, 2·3·3]
        var xs = x.ToArray();                                 // [2, 4, 9]
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 2; t++)
                for (int i = 0; i < 9; i++)
                    Assert.Equal(xs[b * 36 + 3 * 9 + i], point[b * 18 + t * 9 + i], 5);
    }

    [Fact]
    public void Mixture_parameters_have_the_task_shapes()
    {
        var (enc, heads, x) = Build(3);
        var (mean, logVar, logits) = heads.Mixture(enc, x);
        Assert.Equal([2, 3, 18], mean.Shape);
        Assert.Equal([2, 3, 18], logVar.Shape);
        Assert.Equal([2, 3], logits.Shape);
    }

    [Fact]
    public void Gradients_through_encoder_and_decoder_match_finite_differences()
    {
        var (enc, heads, x) = Build(2);
        var rng = new Rng(3);
        var c1 = rng.Uniform(-1f, 1f, 2, 2, 18);
        var c2 = rng.Uniform(-1f, 1f, 2, 2, 18);
        var c3 = rng.Uniform(-1f, 1f, 2, 2);
        double Loss()
        {
            var (m, v, l) = heads.Mixture(enc, x);
            return ((m * c1).Sum() + (v * c2).Sum() + (l * c3).Sum()).Item();
        }
        var (mean, logVar, logits) = heads.Mixture(enc, x);
        ((mean * c1).Sum() + (logVar * c2).Sum() + (logits * c3).Sum()).Backward();
        var all = enc.NamedParameters().Select(p => ("enc." + p.Name, p.P)).Concat(heads.NamedParameters().Select(p => ("heads." + p.Name, p.P))).ToList();
        Assert.Contains(all, p => p.Item1.Contains("decoder.layer1.gates", StringComparison.Ordinal));
        foreach (var (name, p) in all)
        {
            var g = p.Grad!.ToArray();
            for (int i = 0; i < p.Numel; i += Math.Max(1, p.Numel / 3))
            {
                float keep = p.Span[i];
                const float eps = 1e-2f;
                p.MutableSpan[i] = keep + eps; double up = Loss();
                p.MutableSpan[i] = keep - eps; double down = Loss();
                p.MutableSpan[i] = keep;
                double fd = (up - down) / (2 * eps);
                Assert.True(Math.Abs(fd - g[i]) <= 2e-2 * Math.Max(1, Math.Abs(fd)), $"{name}[{i}]: autograd {g[i]}, finite difference {fd}");
            }
        }
    }
}
