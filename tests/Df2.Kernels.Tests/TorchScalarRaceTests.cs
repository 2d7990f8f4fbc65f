using System.Runtime.InteropServices;

namespace Df2.Kernels.Tests;

/// <summary>The retry rule for TorchSharp's implicit-Scalar race matches its libtorch messages and nothing else.</summary>
public sealed class TorchScalarRaceTests
{
    [Theory]
    [InlineData("Expected false to be true, but got false.  (Could this error message be improved?) toFloat Scalar.h:140")]
    [InlineData("Expected false to be true … toDouble")]
    [InlineData("Unknown scalar type")]
    public void Scalar_race_messages_are_recognised(string message)
    {
        Assert.True(TorchScalarRace.Is(new ExternalException(message)));
        Assert.True(TorchScalarRace.Is(new InvalidOperationException("cell failed", new ExternalException(message))));
    }

    [Theory]
    [InlineData("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1")]
    [InlineData("loss became NaN at epoch 3")]
    [InlineData("Expected false to be true in some unrelated check")]
    public void Other_failures_are_not_retried(string message) => Assert.False(TorchScalarRace.Is(new ExternalException(message)));
}
