using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Robust.Nets;

/// <summary>
/// Dropout whose mask comes from a <see cref="Generator"/> the trainer hands in (<see cref="Use"/>), not from
/// libtorch's process-wide generator: two worker slots in one process then cannot change each other's masks. In
/// training y = x ⊙ m / (1 − p), m ~ Bernoulli(1 − p) elementwise (libtorch's CPU dropout: the same draw, the same
/// scaling, so a generator in the state the global one had gives the same masks); in eval mode y = x. A training
/// forward without a generator is an error: no training randomness may come from the global generator.
/// </summary>
public sealed class GeneratorDropout(double p) : nn.Module<Tensor, Tensor>(nameof(GeneratorDropout))
{
    private Generator? source;

    /// <summary>Every <see cref="GeneratorDropout"/> under <paramref name="root"/> draws its masks from <paramref name="generator"/>.</summary>
    public static void Use(nn.Module root, Generator generator)
    {
        foreach (var dropout in root.modules().Prepend(root).OfType<GeneratorDropout>()) dropout.source = generator;
    }

    public override Tensor forward(Tensor x)
    {
        if (!training || p == 0) return x.alias();
        if (source is null)
            throw new InvalidOperationException("dropout in training mode without a generator: call GeneratorDropout.Use(model, generator) first");
        using var scope = NewDisposeScope();
        var noise = empty(x.shape, x.dtype).bernoulli_(1 - p, source).to(x.device);
        noise.div_(1 - p);
        return (x * noise).MoveToOuterDisposeScope();
    }
}
