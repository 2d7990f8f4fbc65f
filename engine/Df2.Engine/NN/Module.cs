namespace Df2.Engine.NN;

/// <summary>
/// Base class of layers: registers parameters and sub-modules under names, so that
/// <see cref="NamedParameters"/> and <see cref="StateDict"/> produce PyTorch-style dotted keys ("0.weight").
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor P)> _params = [];
    private readonly List<(string Name, Tensor B)> _buffers = [];
    private readonly List<(string Name, Module M)> _children = [];

    /// <summary>True in training mode (affects Dropout).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Computes the module's output.</summary>
    public virtual Tensor Forward(Tensor x) => throw new NotSupportedException($"{GetType().Name} has no single-input Forward.");

    /// <summary>Calls <see cref="Forward"/>.</summary>
    public Tensor Call(Tensor x) => Forward(x);

    /// <summary>Registers a parameter (a tensor: RequiresGrad is set) or a sub-module under <paramref name="name"/>.</summary>
    protected T Register<T>(string name, T moduleOrParam) where T : class
    {
        switch (moduleOrParam)
        {
            case Tensor t: t.RequiresGrad = true; _params.Add((name, t)); break;
            case Module m: _children.Add((name, m)); break;
            default: throw new ArgumentException($"Register: '{name}' must be a Tensor or a Module.");
        }
        return moduleOrParam;
    }

    /// <summary>Registers a non-trainable state tensor (saved in the state dict, no gradient).</summary>
    protected Tensor RegisterBuffer(string name, Tensor t) { _buffers.Add((name, t)); return t; }

    /// <summary>Parameters with dotted names, depth-first in registration order.</summary>
    public IEnumerable<(string Name, Tensor P)> NamedParameters()
    {
        foreach (var (n, p) in _params) yield return (n, p);
        foreach (var (cn, c) in _children)
            foreach (var (n, p) in c.NamedParameters()) yield return ($"{cn}.{n}", p);
    }

    /// <summary>All trainable tensors.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(x => x.P);

    /// <summary>Direct sub-modules.</summary>
    public IEnumerable<(string Name, Module M)> Children() => _children;

    private IEnumerable<(string Name, Tensor T)> NamedBuffers()
    {
        foreach (var (n, b) in _buffers) yield return (n, b);
        foreach (var (cn, c) in _children)
            foreach (var (n, b) in c.NamedBuffers()) yield return ($"{cn}.{n}", b);
    }

    /// <summary>Sets training mode recursively.</summary>
    public void Train(bool on = true)
    {
        Training = on;
        foreach (var (_, c) in _children) c.Train(on);
    }

    /// <summary>Evaluation mode (Train(false)).</summary>
    public void Eval() => Train(false);

    /// <summary>Name → tensor (parameters then buffers); the tensors are the live ones.</summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>();
        foreach (var (n, p) in NamedParameters()) d[n] = p;
        foreach (var (n, b) in NamedBuffers()) d[n] = b;
        return d;
    }

    /// <summary>Copies values into the existing tensors; every key must be present with the same shape.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var mine = StateDict();
        foreach (var (name, t) in mine)
        {
            if (!state.TryGetValue(name, out var src)) throw new KeyNotFoundException($"LoadStateDict: missing key '{name}'.");
            if (!ShapeUtil.Same(src.Shape, t.Shape))
                throw new ArgumentException($"LoadStateDict: '{name}' has shape {ShapeUtil.Str(src.Shape)}, expected {ShapeUtil.Str(t.Shape)}.");
            src.Span.CopyTo(t.MutableSpan);
        }
        foreach (var k in state.Keys)
            if (!mine.ContainsKey(k)) throw new KeyNotFoundException($"LoadStateDict: unexpected key '{k}'.");
    }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad() { foreach (var p in Parameters()) p.Grad = null; }
}
