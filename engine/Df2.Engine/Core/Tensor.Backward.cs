namespace Df2.Engine;

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
        var pending = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [this] = grad };
        using var _ = Autograd.NoGrad();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (!pending.Remove(node, out var g)) continue;
            if (node._backward is null) { AccumulateLeaf(node, g); continue; }
            var grads = node._backward(g);
            if (grads.Length != node._parents.Length)
                throw new InvalidOperationException($"Backward of '{node.Op}' returned {grads.Length} gradients for {node._parents.Length} inputs.");
            for (int k = 0; k < grads.Length; k++)
            {
                var p = node._parents[k];
                var gp = grads[k];
                if (gp is null || !p.RequiresGrad) continue;
                if (!ShapeUtil.Same(gp.Shape, p.Shape)) gp = gp.SumTo(p.Shape);
                pending[p] = pending.TryGetValue(p, out var prev) ? prev.Add(gp) : gp;
            }
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
}
