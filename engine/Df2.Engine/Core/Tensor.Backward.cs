namespace Df2.Engine;

/// <summary>Gives a backward closure the parent's gradient buffer to add into (allocated as zeros on first use).</summary>
public delegate float[] GradBuffer(int parentIndex);

public sealed partial class Tensor
{
    /// <summary>Backpropagates from a one-element tensor (seed gradient 1).</summary>
    public void Backward()
    {
        if (Numel != 1) throw new InvalidOperationException($"Backward() without a seed needs a one-element tensor, got shape {ShapeUtil.Str(Shape)}; pass a gradient.");
        Backward(Ones(Shape));
    }

    /// <summary>
    /// Reverse-mode differentiation seeded with <paramref name="grad"/> (same shape as this tensor).
    /// 1. An ITERATIVE depth-first search (explicit stack, no recursion) lists the nodes that require
    ///    gradients in topological order (parents before children).
    /// 2. Walking that list backwards, each node's backward closure turns its accumulated output
    ///    gradient into parent gradients, which are summed into the parents (∂L/∂p = Σ_children ...).
    /// Leaves accumulate into <see cref="Grad"/> across calls (like PyTorch); intermediates do not keep theirs.
    /// </summary>
    public void Backward(Tensor grad)
    {
        if (!ShapeUtil.Same(grad.Shape, Shape))
            throw new ArgumentException($"Backward seed has shape {ShapeUtil.Str(grad.Shape)}, tensor has {ShapeUtil.Str(Shape)}.");
        if (!RequiresGrad) throw new InvalidOperationException("Backward() on a tensor that does not require grad (no input had RequiresGrad, or it was computed under NoGrad).");

        var order = TopologicalOrder(this);
        var outer = _bornInBackward;
        _bornInBackward = BufferPool.Enabled ? new HashSet<float[]>(ReferenceEqualityComparer.Instance) : null;
        try { RunBackward(order, grad); }
        finally { _bornInBackward = outer; }
    }

    private void RunBackward(List<Tensor> order, Tensor grad)
    {
        var pending = new GradAccumulator();
        pending.Add(this, grad);
        using var _ = Autograd.NoGrad();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            var g = pending.Take(node);
            if (g is null) continue;
            if (node._backward is null && node._backwardInto is null) { AccumulateLeaf(node, g); pending.Release(g.Data); continue; }
            if (node._backwardInto is not null)
            {
                var parents = node._parents;
                node._backwardInto(g, k => parents[k].RequiresGrad ? pending.Buffer(parents[k]) : Alloc(parents[k].Numel));
                pending.Release(g.Data);
                continue;
            }
            var grads = node._backward!(g);
            if (grads.Length != node._parents.Length)
                throw new InvalidOperationException($"Backward of '{node.Op}' returned {grads.Length} gradients for {node._parents.Length} inputs.");
            for (int k = 0; k < grads.Length; k++)
            {
                var p = node._parents[k];
                var gp = grads[k];
                if (gp is null || !p.RequiresGrad) continue;
                if (!ShapeUtil.Same(gp.Shape, p.Shape)) gp = gp.SumTo(p.Shape);
                pending.Add(p, gp);
            }
            pending.Release(g.Data);
            pending.ReleaseReplaced();
        }
    }

    /// <summary>Leaves own their gradient buffer: the first gradient is copied, later ones added in place.</summary>
    private static void AccumulateLeaf(Tensor leaf, Tensor g)
    {
        if (leaf.Grad is null) { leaf.Grad = g.Clone(); return; }
        System.Numerics.Tensors.TensorPrimitives.Add(leaf.Grad.Span, g.Span, leaf.Grad.MutableSpan);
    }

    /// <summary>Iterative post-order DFS over nodes that require grad: every node appears after all its parents.</summary>
    internal static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int NextParent)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node._parents.Length)
            {
                stack.Push((node, next + 1));
                var p = node._parents[next];
                if (p.RequiresGrad && visited.Add(p)) stack.Push((p, 0));
            }
            else order.Add(node);
        }
        return order;
    }

    /// <summary>
    /// Pending gradients of the nodes not yet processed. A gradient handed over by a closure is stored as is
    /// (not owned: it may be shared); a second contribution makes an owned sum, and further ones are added in place.
    /// </summary>
    private sealed class GradAccumulator
    {
        private readonly Dictionary<Tensor, (Tensor G, bool Owned)> _map = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<float[], int> _refs = new(ReferenceEqualityComparer.Instance);
        private readonly List<float[]> _replaced = [];

        private void Ref(float[] a) => _refs[a] = _refs.GetValueOrDefault(a) + 1;

        private void Unref(float[] a)
        {
            int c = _refs.GetValueOrDefault(a) - 1;
            if (c <= 0) _refs.Remove(a); else _refs[a] = c;
        }

        public void Add(Tensor p, Tensor g)
        {
            if (!_map.TryGetValue(p, out var cur)) { _map[p] = (g, false); Ref(g.Data); return; }
            if (cur.Owned) { System.Numerics.Tensors.TensorPrimitives.Add(cur.G.Span, g.Span, cur.G.MutableSpan); _replaced.Add(g.Data); return; }
            var sum = Alloc(p.Numel);
            System.Numerics.Tensors.TensorPrimitives.Add(cur.G.Span, g.Span, sum);
            Unref(cur.G.Data);
            _replaced.Add(cur.G.Data); _replaced.Add(g.Data);
            _map[p] = (new Tensor(sum, p.Shape), true);
            Ref(sum);
        }

        /// <summary>An owned buffer holding p's pending gradient, for closures that add into it directly.</summary>
        public float[] Buffer(Tensor p)
        {
            if (!_map.TryGetValue(p, out var cur))
            {
                var zd = Alloc(p.Numel);
                Array.Clear(zd);
                var z = new Tensor(zd, p.Shape);
                _map[p] = (z, true); Ref(zd); return zd;
            }
            if (cur.Owned) return cur.G.Data;
            var cd = Alloc(p.Numel);
            cur.G.Span.CopyTo(cd);
            var copy = new Tensor(cd, p.Shape);
            Unref(cur.G.Data);
            _replaced.Add(cur.G.Data);
            _map[p] = (copy, true);
            Ref(copy.Data);
            return copy.Data;
        }

        public Tensor? Take(Tensor p)
        {
            if (!_map.Remove(p, out var cur)) return null;
            Unref(cur.G.Data);
            return cur.G;
        }

        /// <summary>
        /// Returns a gradient buffer to the pool when it was allocated by this backward pass and no pending
        /// gradient still refers to it (each buffer is released at most once: it leaves the born set).
        /// </summary>
        public void Release(float[] a)
        {
            var born = _bornInBackward;
            if (born is null || _refs.ContainsKey(a) || !born.Remove(a)) return;
            BufferPool.Return(a);
        }

        public void ReleaseReplaced()
        {
            foreach (var a in _replaced) Release(a);
            _replaced.Clear();
        }
    }
}
