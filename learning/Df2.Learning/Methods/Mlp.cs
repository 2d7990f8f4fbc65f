using Df2.Kernels.Random;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// The shared synthetic-task encoder (App. F.2): Linear(in, hidden) → ReLU → Linear(hidden, out).
/// Weights and biases are drawn from the cell's <see cref="Rng"/> with PyTorch's default bounds,
/// W, b ~ U(−1/√fan_in, 1/√fan_in), in the order hidden.weight, hidden.bias, output.weight, output.bias
/// (the former engine's order, so a seed gives the same initial network as before the port; no global
/// torch generator is involved, which keeps cells that train side by side in one process deterministic).
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear hidden;
    private readonly Linear output;

    public Mlp(int inputs, int hiddenWidth, int outputs, Rng rng) : base(nameof(Mlp))
    {
        hidden = nn.Linear(inputs, hiddenWidth);
        output = nn.Linear(hiddenWidth, outputs);
        RegisterComponents();
        Initialise(hidden, inputs, hiddenWidth, rng);
        Initialise(output, hiddenWidth, outputs, rng);
    }

    /// <summary>out = W₂ relu(W₁x + b₁) + b₂.</summary>
    public override Tensor forward(Tensor x)
    {
        using var h = hidden.call(x);
        using var r = h.relu();
        return output.call(r);
    }

    private static void Initialise(Linear layer, int fanIn, int fanOut, Rng rng)
    {
        float bound = 1f / MathF.Sqrt(fanIn);
        using var _ = no_grad();
        using var w = tensor(rng.Uniform(-bound, bound, fanOut * fanIn)).reshape(fanOut, fanIn);
        using var b = tensor(rng.Uniform(-bound, bound, fanOut));
        layer.weight!.copy_(w);
        layer.bias!.copy_(b);
    }
}
