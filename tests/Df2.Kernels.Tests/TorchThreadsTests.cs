using static TorchSharp.torch;

namespace Df2.Kernels.Tests;

public sealed class TorchThreadsTests
{
    [Fact]
    public void Configure_gives_each_slot_its_share_of_the_cores()
    {
        int before = TorchThreads.Threads;
        try
        {
            int cores = Environment.ProcessorCount;
            Assert.Equal(Math.Max(1, cores / 2), TorchThreads.Configure(2));
            Assert.Equal(TorchThreads.Threads, get_num_threads());
            Assert.Equal(1, TorchThreads.Configure(cores + 1));
            Assert.Equal(1, get_num_threads());
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => TorchThreads.Configure(0));
            Assert.Contains("slotsPerProcess must be ≥ 1", e.Message);
        }
        finally { TorchThreads.SetThreads(before); }
    }
}
