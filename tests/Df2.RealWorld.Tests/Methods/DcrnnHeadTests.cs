using Df2.Learning.Nets;
using TorchSharp;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>The DC-RNN encoder–decoder heads: output layout, the persistence residual, and gradients vs finite differences.</summary>
public class DcrnnHeadTests
{
    // 3 nodes on a path 0–1–2
    private static readonly double[] Path = [0, 1, 0, 1, 0, 1, 0, 1, 0];

    private static (DcrnnForecastHeads Heads, Tensor X) Build(int k)
    {
        var rng = new Rng(7);
        var enc = new DcrnnEncoder(Path, 3, 3, 2, 2, rng);
        var heads = new DcrnnForecastHeads(enc, 2, k, rng);
        var x = HostRandom.Uniform(rng, 0f, 3f, null, 2, 4, 9);
        return (heads, x);
    }

    [Fact]
    public void Untrained_output_layer_forecasts_the_last_observed_day_in_y_order()
    {
        var (heads, x) = Build(0);
        using (no_grad())
            foreach (var (name, p) in heads.named_parameters())
                if (name.StartsWith("decoder.output.", StringComparison.Ordinal)) p.zero_();
        var point = heads.forward(x).detach().data<float>().ToArray();  // [2, 2·3·3]
        var xs = x.data<float>().ToArray();                             // [2, 4, 9]
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 2; t++)
                for (int i = 0; i < 9; i++)
                    Assert.Equal(xs[b * 36 + 3 * 9 + i], point[b * 18 + t * 9 + i], 5);
    }

    [Fact]
    public void Mixture_parameters_have_the_task_shapes()
    {
        var (heads, x) = Build(3);
        var (mean, logVar, logits) = heads.Mixture(x);
        Assert.Equal([2L, 3, 18], mean.shape);
        Assert.Equal([2L, 3, 18], logVar.shape);
        Assert.Equal([2L, 3], logits.shape);
    }

    [Fact]
    public void Gradients_through_encoder_and_decoder_match_finite_differences()
    {
        var (heads, x32) = Build(2);
        heads.to(ScalarType.Float64);                                   // double precision for tight differences
        var x = x32.to(ScalarType.Float64);
        var rng = new Rng(3);
        var c1 = HostRandom.Uniform(rng, -1f, 1f, null, 2, 2, 18).to(ScalarType.Float64);
        var c2 = HostRandom.Uniform(rng, -1f, 1f, null, 2, 2, 18).to(ScalarType.Float64);
        var c3 = HostRandom.Uniform(rng, -1f, 1f, null, 2, 2).to(ScalarType.Float64);
        Tensor Loss()
        {
            var (m, v, l) = heads.Mixture(x);
            return (m * c1).sum() + (v * c2).sum() + (l * c3).sum();
        }
        Loss().backward();
        var all = heads.named_parameters().ToList();
        Assert.Contains(all, p => p.name.Contains("decoder.cells.1.gates", StringComparison.Ordinal));
        Assert.Contains(all, p => p.name.StartsWith("encoder.cells.0.", StringComparison.Ordinal));
        using var _ = no_grad();
        foreach (var (name, p) in all)
        {
            var g = p.grad!.data<double>().ToArray();
            var flat = p.view(-1);
            long n = flat.shape[0];
            for (long i = 0; i < n; i += Math.Max(1, n / 3))
            {
                double keep = flat[i].item<double>();
                const double eps = 1e-6;
                flat[i] = keep + eps; double up = Loss().item<double>();
                flat[i] = keep - eps; double down = Loss().item<double>();
                flat[i] = keep;
                double fd = (up - down) / (2 * eps);
                Assert.True(Math.Abs(fd - g[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{name}[{i}]: autograd {g[i]}, finite difference {fd}");
            }
        }
    }
}
