namespace Df2.Engine;

/// <summary>
/// A float32, row-major, contiguous n-dimensional array that records how it was computed.
/// Micrograd style: a tensor made by an op keeps its <see cref="Parents"/> and a local backward
/// closure mapping the output gradient to one gradient per parent; <see cref="Backward()"/> walks
/// them in reverse topological order (see Tensor.Backward.cs).
/// </summary>
public sealed partial class Tensor
{
    internal readonly float[] Data;
    private static readonly Tensor[] NoParents = [];

    /// <summary>Dimensions, outermost first. Rank 0 is a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements.</summary>
    public int Numel { get; }

    /// <summary>Storage device (CPU only for now).</summary>
    public Device Device => Device.Cpu;

    /// <summary>Whether gradients flow to this tensor. Set it on leaves (parameters, inputs).</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>Accumulated gradient (leaves only), same shape as the tensor; null until a backward pass reaches it.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>Inputs of the op that produced this tensor (empty for leaves and when no grad is recorded).</summary>
    public IReadOnlyList<Tensor> Parents => _parents;

    /// <summary>Name of the producing op ("leaf" for leaves), for debugging.</summary>
    public string Op { get; private set; } = "leaf";

    private Tensor[] _parents = NoParents;
    private Func<Tensor, Tensor?[]>? _backward;
    private Action<Tensor, GradBuffer>? _backwardInto;

    internal Tensor(float[] data, int[] shape)
    {
        int n = ShapeUtil.Numel(shape);
        if (data.Length < n) throw new ArgumentException($"Data length {data.Length} is smaller than shape {ShapeUtil.Str(shape)} needs ({n}).");
        Data = data;
        Shape = shape;
        Numel = n;
    }

    /// <summary>True when the tensor was not produced by a recorded op.</summary>
    public bool IsLeaf => _backward is null && _backwardInto is null;

    /// <summary>Read-only view of the elements (row-major).</summary>
    public ReadOnlySpan<float> Span => Data.AsSpan(0, Numel);

    /// <summary>Writable view of the elements; bypasses autograd (use for in-place parameter updates).</summary>
    public Span<float> MutableSpan => Data.AsSpan(0, Numel);

    // ---------- factories ----------

    /// <summary>Wraps a copy of <paramref name="data"/> with the given shape (no shape ⇒ 1-D).</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (shape.Length == 0 && data.Length != 1) shape = [data.Length];
        int n = ShapeUtil.Numel(shape);
        if (n != data.Length) throw new ArgumentException($"FromArray: {data.Length} values do not fill shape {ShapeUtil.Str(shape)} ({n}).");
        return new Tensor((float[])data.Clone(), (int[])shape.Clone());
    }

    /// <summary>Takes ownership of <paramref name="data"/> without copying (caller must not mutate it afterwards).</summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        if (ShapeUtil.Numel(shape) != data.Length) throw new ArgumentException($"Wrap: {data.Length} values do not fill shape {ShapeUtil.Str(shape)}.");
        return new Tensor(data, (int[])shape.Clone());
    }

    /// <summary>A rank-0 tensor.</summary>
    public static Tensor Scalar(float v) => new([v], []);

    public static Tensor Zeros(params int[] shape) => new(new float[ShapeUtil.Numel(shape)], (int[])shape.Clone());

    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    public static Tensor Full(float v, params int[] shape)
    {
        var d = new float[ShapeUtil.Numel(shape)];
        Array.Fill(d, v);
        return new Tensor(d, (int[])shape.Clone());
    }

    public static Tensor ZerosLike(Tensor t) => Zeros(t.Shape);

    /// <summary>Uninitialised storage for kernels that overwrite every element.</summary>
    internal static float[] Alloc(int n)
    {
        var a = BufferPool.Rent(n) ?? GC.AllocateUninitializedArray<float>(n);
        if (n >= BufferPool.MinFloats) _bornInBackward?.Add(a);
        return a;
    }

    /// <summary>Large buffers allocated by ops while a backward pass runs on this thread (candidates for recycling).</summary>
    [ThreadStatic] private static HashSet<float[]>? _bornInBackward;

    /// <summary>Uninitialised float buffer for backends.</summary>
    internal static float[] AllocBuffer(int n) => Alloc(n);

    // ---------- element access ----------

    /// <summary>Copy of the elements, row-major.</summary>
    public float[] ToArray() => Data.AsSpan(0, Numel).ToArray();

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Numel != 1) throw new InvalidOperationException($"Item() needs one element, tensor has shape {ShapeUtil.Str(Shape)}.");
        return Data[0];
    }

    /// <summary>Element at a full index (negative indices count from the end).</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get
        {
            if (index.Length != Rank) throw new ArgumentException($"Index of rank {index.Length} for tensor of shape {ShapeUtil.Str(Shape)}.");
            int off = 0, stride = 1;
            for (int i = Rank - 1; i >= 0; i--)
            {
                int ix = index[i] < 0 ? index[i] + Shape[i] : index[i];
                if (ix < 0 || ix >= Shape[i]) throw new IndexOutOfRangeException($"Index {index[i]} out of range for dim {i} of size {Shape[i]}.");
                off += ix * stride;
                stride *= Shape[i];
            }
            return Data[off];
        }
    }

    /// <summary>A new leaf sharing no graph with this tensor (data is shared; do not mutate either in place).</summary>
    public Tensor Detach() => new(Data, Shape);

    /// <summary>Deep copy as a new leaf.</summary>
    public Tensor Clone() => new(ToArray(), (int[])Shape.Clone());

    /// <summary>Sets <see cref="Grad"/> to null.</summary>
    public void ZeroGrad() => Grad = null;

    public override string ToString()
    {
        var head = string.Join(", ", Span[..Math.Min(Numel, 8)].ToArray().Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return $"Tensor{ShapeUtil.Str(Shape)}({head}{(Numel > 8 ? ", ..." : "")}){(RequiresGrad ? " requires_grad" : "")}";
    }

    // ---------- graph construction ----------

    /// <summary>
    /// Makes an op result. When grad mode is on and any input requires a gradient, the result
    /// records its parents and the backward closure (gradOut ↦ one gradient per parent, or null).
    /// Gradients may have a broadcast shape; they are summed down to each parent's shape.
    /// </summary>
    internal static Tensor Make(string op, float[] data, int[] shape, Tensor[] parents, Func<Tensor, Tensor?[]> backward)
    {
        var t = new Tensor(data, shape);
        if (Records(t, op, parents)) t._backward = backward;
        return t;
    }

    /// <summary>Links <paramref name="t"/> into the graph when grad mode is on and some parent requires grad.</summary>
    private static bool Records(Tensor t, string op, Tensor[] parents)
    {
        if (!Autograd.IsGradEnabled || !parents.Any(p => p.RequiresGrad)) return false;
        t.RequiresGrad = true;
        t._parents = parents;
        t.Op = op;
        return true;
    }

    /// <summary>
    /// Like <see cref="Make"/>, but the backward closure ADDS each parent's gradient into the buffer returned by
    /// its <see cref="GradBuffer"/> argument (shaped like that parent) — avoids a full-size temporary per
    /// contribution (slices, index-select, fused cells, GEMM accumulation).
    /// </summary>
    internal static Tensor MakeInto(string op, float[] data, int[] shape, Tensor[] parents, Action<Tensor, GradBuffer> backwardInto)
    {
        var t = new Tensor(data, shape);
        if (Records(t, op, parents)) t._backwardInto = backwardInto;
        return t;
    }

    /// <summary>
    /// Custom op whose backward adds input gradients straight into the inputs' gradient buffers:
    /// <c>backwardInto(gradOut, k => buffer of input k)</c>; only touch buffers of inputs with RequiresGrad.
    /// </summary>
    public static Tensor CustomInto(string name, float[] outData, int[] outShape, Tensor[] inputs, Action<Tensor, GradBuffer> backwardInto)
    {
        if (ShapeUtil.Numel(outShape) != outData.Length)
            throw new ArgumentException($"Custom op '{name}': {outData.Length} values do not fill shape {ShapeUtil.Str(outShape)}.");
        return MakeInto(name, outData, (int[])outShape.Clone(), (Tensor[])inputs.Clone(), backwardInto);
    }

    /// <summary>
    /// A differentiable op defined by user code (like <c>torch.autograd.Function</c>): the caller computes
    /// the forward values; <paramref name="backward"/> receives the output gradient and returns one gradient
    /// per input (null where not needed; broadcast shapes are summed down). Backward runs in no-grad mode.
    /// </summary>
    public static Tensor Custom(string name, float[] outData, int[] outShape, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        ArgumentNullException.ThrowIfNull(outData);
        ArgumentNullException.ThrowIfNull(inputs);
        if (ShapeUtil.Numel(outShape) != outData.Length)
            throw new ArgumentException($"Custom op '{name}': {outData.Length} values do not fill shape {ShapeUtil.Str(outShape)}.");
        return Make(name, outData, (int[])outShape.Clone(), (Tensor[])inputs.Clone(), backward);
    }
}
