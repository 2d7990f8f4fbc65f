namespace Df2.Engine.Optim;

/// <summary>Common optimizer surface: parameter list, learning rate, zeroing grads, state export/import.</summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Tensor> ps, float lr)
    {
        Params = ps.ToArray();
        if (lr < 0) throw new ArgumentOutOfRangeException(nameof(lr), "Learning rate must be ≥ 0.");
        LearningRate = lr;
    }

    /// <summary>The optimised tensors.</summary>
    public IReadOnlyList<Tensor> Params { get; }

    /// <summary>Current learning rate (schedulers change it).</summary>
    public float LearningRate { get; set; }

    /// <summary>Applies one update using the parameters' gradients (parameters without a gradient are skipped).</summary>
    public abstract void Step();

    /// <summary>Sets all gradients to null.</summary>
    public void ZeroGrad() { foreach (var p in Params) p.Grad = null; }

    /// <summary>Optimizer state as named tensors (for checkpoints; keys like "step", "exp_avg.3").</summary>
    public abstract Dictionary<string, Tensor> StateDict();

    /// <summary>Restores state written by <see cref="StateDict"/>.</summary>
    public abstract void LoadStateDict(IReadOnlyDictionary<string, Tensor> state);

    protected static Tensor Need(IReadOnlyDictionary<string, Tensor> s, string key, int[] shape)
    {
        if (!s.TryGetValue(key, out var t)) throw new KeyNotFoundException($"Optimizer state: missing '{key}'.");
        if (!ShapeUtil.Same(t.Shape, shape)) throw new ArgumentException($"Optimizer state: '{key}' has shape {ShapeUtil.Str(t.Shape)}, expected {ShapeUtil.Str(shape)}.");
        return t;
    }
}
