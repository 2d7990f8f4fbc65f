using Df2.Robust.Adversary;
using Df2.Robust.Nets;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>Independent seeded streams per purpose, and the data transforms of 3D-L's generated sets.</summary>
public sealed class StreamSeedTests
{
    [Fact]
    public void Every_seed_purpose_and_step_gets_its_own_seed()
    {
        var seeds = new HashSet<ulong>();
        var count = 0;
        for (var seed = 0; seed < 20; seed++)
            foreach (var purpose in Enum.GetValues<StreamPurpose>())
                for (var step = 0; step < 20; step++, count++)
                    seeds.Add(StreamSeeds.For(seed, purpose, step));
        Assert.Equal(count, seeds.Count);
        Assert.Equal(StreamSeeds.For(3, StreamPurpose.Dropout, 7), StreamSeeds.For(3, StreamPurpose.Dropout, 7));
    }

    [Fact]
    public void Dropout_batch_and_noise_streams_of_one_step_draw_different_values()
    {
        // The bug this replaces: two generators seeded alike, so dropout masks repeated the batch picks' draws.
        using var dropout = new Generator(StreamSeeds.For(0, StreamPurpose.Dropout, 5));
        using var batches = new Generator(StreamSeeds.For(0, StreamPurpose.Batches, 5));
        using var noise = new Generator(StreamSeeds.For(0, StreamPurpose.Noise, 5));
        using var a = rand(64, generator: dropout);
        using var b = rand(64, generator: batches);
        using var c = rand(64, generator: noise);
        Assert.False(a.allclose(b));
        Assert.False(a.allclose(c));
        Assert.False(b.allclose(c));
    }

    [Fact]
    public void Generated_sets_are_min_max_normalised_by_their_own_range()
    {
        using var x = tensor(new float[] { -1, 0, 3, 1 }, [2, 2]);
        using var y = DroRound.MinMaxNormalise(x);
        Assert.Equal(new float[] { 0, 0.25f, 1, 0.5f }, y.data<float>().ToArray());
    }
}
