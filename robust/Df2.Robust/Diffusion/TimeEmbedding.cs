using Df2.Learning.Nets;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>Sinusoidal embedding of the timestep (dim ch) → Linear(ch, 4ch) → GELU → Linear(4ch, 4ch).</summary>
public sealed class TimeEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly long dim;

    public TimeEmbedding(long dim, long hidden, Generator init) : base(nameof(TimeEmbedding))
    {
        this.dim = dim;
        fc1 = SeededLayers.Linear(dim, hidden, init);
        fc2 = SeededLayers.Linear(hidden, hidden, init);
        RegisterComponents();
    }

    public override Tensor forward(Tensor t)
    {
        var half = dim / 2;
        var freqs = exp(arange(half, dtype: float32, device: t.device) * (-Math.Log(10000) / half));
        var angles = t.to(float32).unsqueeze(1) * freqs.unsqueeze(0);
        var embedding = cat([angles.sin(), angles.cos()], 1);
        return fc2.call(nn.functional.gelu(fc1.call(embedding)));
    }
}
