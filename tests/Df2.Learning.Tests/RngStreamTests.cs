namespace Df2.Learning.Tests;

/// <summary>
/// Df2.Kernels.Random.Rng (moved out of the engine) keeps the engine generator's stream draw for draw, so data,
/// splits and sampled actions are unchanged by the port. Deleted together with the engine project.
/// </summary>
public sealed class RngStreamTests
{
    [Fact]
    public void Kernels_rng_reproduces_the_engine_stream()
    {
        var engine = new Df2.Engine.Rng(2024);
        var kernels = new Df2.Kernels.Random.Rng(2024);
        Assert.Equal(engine.Normal(0, 1, 7).ToArray(), kernels.Normal(0, 1, 7));
        Assert.Equal(engine.Uniform(-2, 2, 9).ToArray(), kernels.Uniform(-2, 2, 9));
        Assert.Equal(engine.Dirichlet(0.7f, 5, 3).ToArray(), kernels.Dirichlet(0.7f, 5, 3));
        Assert.Equal(engine.Gumbel(6).ToArray(), kernels.Gumbel(6));
        Assert.Equal(engine.Permutation(40), kernels.Permutation(40));
        Assert.Equal(engine.NextULong(), kernels.NextULong());
    }
}
