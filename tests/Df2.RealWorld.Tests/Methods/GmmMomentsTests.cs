using Df2.Learning.Nets;
using static TorchSharp.torch;

namespace Df2.RealWorld.Tests.Methods;

/// <summary>The mixture's mean and predictive spread (law of total variance) on a hand-computed case.</summary>
public class GmmMomentsTests
{
    [Fact]
    public void Two_component_mixture_mean_and_sd()
    {
        // π = softmax(0, ln 3) = (¼, ¾), μ = (0, 4), σ² = (1, 1): E = 3, E[ŷ²] = ¼·1 + ¾·17 = 13, Var = 13 − 9 = 4, sd = 2
        using var mean = tensor(new float[] { 0, 4 }, [1, 2, 1]);
        using var logVar = zeros(1, 2, 1);
        using var logits = tensor(new float[] { 0, MathF.Log(3) }, [1, 2]);
        var (m, sd) = GmmMath.Moments(mean, logVar, logits);
        Assert.Equal(3f, m.item<float>(), 5);
        Assert.Equal(2f, sd.item<float>(), 5);
    }
}
