using Df2.Learning.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>The Fig. 2 corruptions: parsing, what each does to a series, and that only the inputs are corrupted.</summary>
public class TestCorruptionTests
{
    [Fact]
    public void Parses_the_papers_list_and_rejects_bad_items_by_name()
    {
        var list = TestCorruption.ParseList("cutout:0.005, perlin:0.05,gaussian:0.1");
        Assert.Equal([new("cutout", 0.005), new("perlin", 0.05), new TestCorruption("gaussian", 0.1)], list);
        Assert.Empty(TestCorruption.ParseList(""));
        Assert.Contains("'blur:0.1'", Assert.ThrowsAny<ArgumentException>(() => TestCorruption.ParseList("blur:0.1")).Message);
        Assert.Contains("at most 1", Assert.ThrowsAny<ArgumentException>(() => TestCorruption.ParseList("cutout:2")).Message);
        Assert.Contains("twice", Assert.ThrowsAny<ArgumentException>(() => TestCorruption.ParseList("gaussian:0.1,gaussian:0.2")).Message);
        Assert.ThrowsAny<ArgumentException>(() => TestCorruption.ParseList("gaussian:-1"));
    }

    [Fact]
    public void Each_corruption_has_its_strength()
    {
        using var series = full(400, 28, 0.5f);
        using var g = new Generator(1);
        using var cut = new TestCorruption("cutout", 0.1).Apply(series, g);
        var zeroed = (cut == 0).to(float64).mean().item<double>();
        Assert.InRange(zeroed, 0.09, 0.11);                                   // 11,200 slots, sd of the fraction ≈ 0.003
        Assert.True(((cut == 0) | (cut == 0.5f)).all().item<bool>());
        using var noisy = new TestCorruption("gaussian", 0.1).Apply(series, g);
        Assert.InRange((noisy - series).std().item<float>(), 0.097, 0.103);
        using var perlin = new TestCorruption("perlin", 0.05).Apply(series, g);
        var delta = (perlin - series).flatten();
        Assert.True(delta.abs().max().item<float>() <= 0.05f + 1e-6f);      // |n| ≤ ½, scaled by 2a
        Assert.True(delta.abs().max().item<float>() > 0.02f);
        var lattice = delta.reshape(-1, TestCorruption.PerlinPeriod)[.., 0];
        Assert.True(lattice.abs().max().item<float>() < 1e-6f);               // zero on the lattice (gradient noise)
        var step = (delta[1..] - delta[..^1]).abs().max().item<float>();
        Assert.True(step < 0.05f * 2 * 1.875f / TestCorruption.PerlinPeriod + 1e-4f, $"largest step {step}");   // |n'| ≤ 1.875 per lattice unit
    }

    [Fact]
    public void Only_the_inputs_are_corrupted()
    {
        var range = new TokenRange(0, 2.7e6);
        var set = SequenceSet.FromSeries("toy", Enumerable.Range(0, 56).Select(i => 1e5 * (i % 28 + i % 3)).ToArray(), range);
        var objective = new PaperObjective();
        var clean = TestSetEvaluator.Evaluate(TestSetEvaluator.Persistence, set, range, objective, CPU);
        var none = TestSetEvaluator.Evaluate(TestSetEvaluator.Persistence, set, range, objective, CPU, x => x.clone());
        Assert.Equal(clean, none);
        // Inputs all zero: persistence forecasts 0 everywhere, and the targets are still the clean slots.
        var zeroInputs = TestSetEvaluator.Evaluate(TestSetEvaluator.Persistence, set, range, objective, CPU, x => zeros_like(x));
        var zeroForecast = TestSetEvaluator.Evaluate(x => zeros(x.shape[0]), set, range, objective, CPU);
        Assert.Equal(zeroForecast, zeroInputs);
        Assert.True(zeroInputs.Normalised > clean.Normalised, $"{zeroInputs} vs {clean}");
    }
}
