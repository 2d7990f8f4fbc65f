using Df2.Kernels.Random;

namespace Df2.Kernels.Tests;

/// <summary>The seeded generator: deterministic, right moments, and a state that continues the same stream elsewhere.</summary>
public sealed class RngTests
{
    [Fact]
    public void Rng_is_deterministic_and_samplers_have_right_moments()
    {
        Assert.Equal(new Rng(42).Normal(0, 1, 10), new Rng(42).Normal(0, 1, 10));
        var r = new Rng(1);
        var n = r.Normal(1, 2, 20000);
        Assert.InRange(n.Average(), 0.95, 1.05);
        Assert.InRange(Math.Sqrt(n.Select(v => (v - 1.0) * (v - 1.0)).Average()), 1.95, 2.05);
        var u = r.Uniform(-1, 3, 20000);
        Assert.True(u.Min() >= -1 && u.Max() < 3);
        Assert.InRange(u.Average(), 0.95, 1.05);
        var d = r.Dirichlet(0.5f, 1000, 3);
        for (int i = 0; i < 1000; i++) Assert.Equal(1f, d[3 * i] + d[3 * i + 1] + d[3 * i + 2], 4);
        Assert.InRange(Enumerable.Range(0, 1000).Average(i => d[3 * i]), 0.3, 0.37);
        var counts = new int[3];
        for (int i = 0; i < 30000; i++) counts[r.Categorical([0.2f, 0.5f, 0.3f])]++;
        Assert.InRange(counts[1] / 30000.0, 0.48, 0.52);
        Assert.InRange(r.Gumbel(20000).Average(), 0.55, 0.60); // Euler–Mascheroni 0.5772
        Assert.Equal(Enumerable.Range(0, 50), r.Permutation(50).OrderBy(v => v));
    }

    [Fact]
    public void Rng_state_restored_into_another_generator_continues_the_same_stream()
    {
        var a = new Rng(7);
        a.Gumbel(5);
        a.NextNormal(); // odd number of normals: the second Box–Muller value is pending and must travel too
        var saved = a.State;
        Assert.NotNull(saved.SpareNormal);
        var expected = a.Normal(0, 1, 9).Concat(a.Gumbel(4)).Append(a.NextInt(1000)).ToArray();
        var b = new Rng(12345) { State = saved };
        var actual = b.Normal(0, 1, 9).Concat(b.Gumbel(4)).Append(b.NextInt(1000)).ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(a.State, b.State);
        Assert.ThrowsAny<ArgumentException>(() => b.State = new RngState(0, 0, 0, 0, null));
    }
}
