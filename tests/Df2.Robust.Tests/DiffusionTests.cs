using Df2.Learning.Running;
using Df2.Robust.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>The DDPM: paper-size parameter count, forward noising, the sampler, resumable pre-training.</summary>
public sealed class DiffusionTests
{
    public static readonly UNetConfig Tiny = UNetConfig.Parse("ch=8,mult=1-2,attn=1,res=1,dropout=0.1,groups=4");

    [Fact]
    public void Paper_unet_has_the_authors_parameter_count()
    {
        // The authors' UNet (ch 128, ch_mult [1,2,2,2], attention at level 1, 2 res blocks, 1 channel): 35,741,697.
        using var init = new Generator(0);
        using var net = new UNet(UNetConfig.Paper, CPU, init);
        Assert.Equal(35_741_697, net.ParameterCount());
    }

    [Fact]
    public void Forward_noising_matches_its_closed_form()
    {
        // Iterating q(x_s | x_{s−1}) = N(√α_s·x_{s−1}, β_s) from x_0 gives N(√ᾱ_s·x_0, 1 − ᾱ_s).
        var schedule = new NoiseSchedule();
        using var generator = new Generator(3);
        const int n = 200_000;
        const double x0 = 0.7;
        var x = full([n], x0, dtype: float64);
        foreach (var s in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })
            x = Math.Sqrt(schedule.Alpha[s]) * x + Math.Sqrt(schedule.Beta[s]) * randn([n], dtype: float64, generator: generator);
        var mean = Math.Sqrt(schedule.AlphaBar[9]) * x0;
        var variance = 1 - schedule.AlphaBar[9];
        Assert.Equal(mean, x.mean().item<double>(), 2);
        Assert.Equal(variance, x.var().item<double>(), 2);
        // The closed form itself: QSample with ε = 1 at step 9.
        using var q = schedule.QSample(full([1, 1, 1, 1], (float)x0), tensor(new long[] { 9 }), ones(1, 1, 1, 1));
        Assert.Equal(mean + Math.Sqrt(variance), q.item<float>(), 5);
        Assert.Equal(0.05, schedule.Beta[0], 12);
        Assert.Equal(0.1, schedule.Beta[499], 12);
    }

    [Fact]
    public void Sampler_runs_on_a_tiny_unet_and_is_seeded()
    {
        using var init = new Generator(0);
        using var net = new UNet(Tiny, CPU, init);
        net.eval();
        var schedule = new NoiseSchedule(steps: 20);
        Tensor Draw()
        {
            using var g = new Generator(5);
            return AncestralSampler.Sample(schedule, (x, t) => net.call(x, t), 3, CPU, g);
        }
        using var a = Draw();
        using var b = Draw();
        Assert.Equal(new long[] { 3, 1, 28, 28 }, a.shape);
        Assert.True(a.isfinite().all().item<bool>());
        Assert.True(a.equal(b).all().item<bool>());
    }

    [Fact]
    public void Pretraining_resumes_to_the_same_weights()
    {
        using var images = rand(5, 1, 28, 28);
        var full4 = new DdpmSettings(Tiny, 4, 4, 1e-3, 2, Steps: 20);
        var straight = new MemorySink();
        using var a = DdpmPretrainer.Train(full4, images, CPU, 7, straight, null, CancellationToken.None).Network;
        var resumed = new MemorySink();
        DdpmPretrainer.Train(full4 with { Iterations = 2 }, images, CPU, 7, resumed, null, CancellationToken.None).Network.Dispose();
        using var b = DdpmPretrainer.Train(full4, images, CPU, 7, resumed, null, CancellationToken.None).Network;
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(pa.equal(pb).all().item<bool>(), $"{name} differs after resume");
    }

    [Fact]
    public void Pretraining_extended_from_between_two_boundaries_counts_iterations_and_reaches_the_same_weights()
    {
        // a DDPM trained 3 iterations (checkpoints every 2: at 2 and 3), then extended to 5 (the gate's extension rule),
        // finishes the window [3, 4) and then [4, 5); progress and the sink count iterations
        using var images = rand(5, 1, 28, 28);
        var full5 = new DdpmSettings(Tiny, 5, 4, 1e-3, 2, Steps: 20);
        var straight = new MemorySink();
        var straightReports = new List<EpochReport>();
        using var a = DdpmPretrainer.Train(full5, images, CPU, 7, straight, straightReports.Add, CancellationToken.None).Network;
        Assert.Equal([2, 4, 5], straight.Saves.Select(s => s.Epoch));
        Assert.Equal([2, 4, 5], straightReports.Select(r => r.Epoch));
        Assert.All(straightReports, r => Assert.Equal(5, r.TotalEpochs));

        var extended = new MemorySink();
        DdpmPretrainer.Train(full5 with { Iterations = 3 }, images, CPU, 7, extended, null, CancellationToken.None).Network.Dispose();
        var reports = new List<EpochReport>();
        using var b = DdpmPretrainer.Train(full5, images, CPU, 7, extended, reports.Add, CancellationToken.None).Network;
        Assert.Equal([2, 3, 4, 5], extended.Saves.Select(s => s.Epoch));
        Assert.Equal([4, 5], reports.Select(r => r.Epoch));
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(pa.equal(pb).all().item<bool>(), $"{name} differs after the extension");
    }

    [Fact]
    public void Images_are_28_consecutive_sequences_and_wrap()
    {
        using var sequences = arange(30 * 28, dtype: float32).reshape(30, 28);
        using var images = SeriesImages.ToImages(sequences);
        Assert.Equal(new long[] { 2, 1, 28, 28 }, images.shape);
        Assert.Equal(28f * 28, images[1, 0, 0, 0].item<float>());   // image 1 starts with sequence 28
        Assert.Equal(0f, images[1, 0, 2, 0].item<float>());         // and wraps to sequence 0
        Assert.True(SeriesImages.ToSequences(images)[..30].equal(sequences).all().item<bool>());
    }
}

/// <summary>The im2col convolution equals libtorch's conv2d (same weights), stride 1 and 2.</summary>
public sealed class Im2ColConv2dTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Equals_native_conv2d(int stride)
    {
        using var g = new Generator(4);
        using var conv = new Im2ColConv2d(3, 5, 3, g, stride: stride, padding: 1);
        using var x = randn([2, 3, 7, 7], dtype: float64, generator: g);
        conv.to(float64);
        var parameters = conv.parameters().ToList();
        using var y = conv.call(x);
        using var reference = nn.functional.conv2d(x, parameters[0], parameters[1], strides: [stride, stride], padding: [1, 1]);
        Assert.Equal(reference.shape, y.shape);
        Assert.True((y - reference).abs().max().item<double>() < 1e-12);
    }
}
