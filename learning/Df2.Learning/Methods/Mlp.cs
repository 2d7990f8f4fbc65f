using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Learning.Methods;

/// <summary>The shared synthetic-task encoder (App. F.2): Linear(in, hidden) → ReLU → Linear(hidden, out).</summary>
public sealed class Mlp : Module
{
    private readonly Linear _hidden;
    private readonly Linear _output;

    public Mlp(int inputs, int hidden, int outputs, Rng rng)
    {
        _hidden = Register("hidden", new Linear(inputs, hidden, rng));
        _output = Register("output", new Linear(hidden, outputs, rng));
    }

    /// <summary>out = W₂ relu(W₁x + b₁) + b₂.</summary>
    public override Tensor Forward(Tensor x) => _output.Forward(_hidden.Forward(x).Relu());
}
