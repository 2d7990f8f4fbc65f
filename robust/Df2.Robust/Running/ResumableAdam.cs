using static TorchSharp.torch;

namespace Df2.Robust.Running;

/// <summary>
/// Adam (Kingma &amp; Ba) whose moments and step count are plain tensors, so a checkpoint restores it exactly:
/// m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr·m̂/(√v̂ + ε).
/// </summary>
public sealed class ResumableAdam
{
    private readonly IReadOnlyList<(string Name, Tensor Param)> parameters;
    private readonly Dictionary<string, Tensor> first = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> second = new(StringComparer.Ordinal);
    private readonly double beta1, beta2, eps;

    public double LearningRate { get; set; }
    public long Step { get; private set; }

    public ResumableAdam(IEnumerable<(string Name, Tensor Param)> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        this.parameters = parameters.ToList();
        LearningRate = learningRate;
        (this.beta1, this.beta2, this.eps) = (beta1, beta2, eps);
        foreach (var (name, p) in this.parameters)
        {
            first[name] = zeros(p.shape, dtype: p.dtype, device: p.device);
            second[name] = zeros(p.shape, dtype: p.dtype, device: p.device);
        }
    }

    public void ZeroGrad()
    {
        foreach (var (_, p) in parameters) p.grad?.zero_();
    }

    public void Update()
    {
        Step++;
        var c1 = 1 - Math.Pow(beta1, Step);
        var c2 = 1 - Math.Pow(beta2, Step);
        using var noGrad = no_grad();
        foreach (var (name, p) in parameters)
        {
            if (p.grad is not { } g) continue;
            using var scope = NewDisposeScope();
            first[name].copy_(first[name] * beta1 + g * (1 - beta1));
            second[name].copy_(second[name] * beta2 + g * g * (1 - beta2));
            p.sub_(first[name] * (LearningRate / c1) / ((second[name] / c2).sqrt() + eps));
        }
    }

    public void SaveTo(Dictionary<string, Tensor> checkpoint, string prefix)
    {
        foreach (var (name, _) in parameters)
        {
            checkpoint[$"{prefix}m.{name}"] = first[name].cpu().clone();
            checkpoint[$"{prefix}v.{name}"] = second[name].cpu().clone();
        }
        checkpoint[$"{prefix}step"] = tensor(new[] { Step });
    }

    public void LoadFrom(IReadOnlyDictionary<string, Tensor> checkpoint, string prefix)
    {
        using var noGrad = no_grad();
        foreach (var (name, _) in parameters)
        {
            first[name].copy_(checkpoint[$"{prefix}m.{name}"]);
            second[name].copy_(checkpoint[$"{prefix}v.{name}"]);
        }
        Step = checkpoint[$"{prefix}step"].item<long>();
    }
}
