namespace Df2.Engine.Backends.Cpu;

/// <summary>Index helpers for strided loops: dim coalescing and odometer increments.</summary>
internal static class StridedLayout
{
    /// <summary>
    /// Merges adjacent dims where every operand is contiguous across the pair (stride[i] = stride[i+1]·dim[i+1]),
    /// drops size-1 dims, and pads to rank ≥ 2. Returns the new dims and per-operand strides.
    /// </summary>
    public static (int[] Dims, int[] SA, int[] SB) Coalesce(int[] dims, int[] sa, int[] sb)
    {
        var d = new List<int>(); var a = new List<int>(); var b = new List<int>();
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == 1) continue;
            if (d.Count > 0)
            {
                int last = d.Count - 1;
                if (a[last] == sa[i] * dims[i] && b[last] == sb[i] * dims[i])
                {
                    d[last] *= dims[i]; a[last] = sa[i]; b[last] = sb[i];
                    continue;
                }
            }
            d.Add(dims[i]); a.Add(sa[i]); b.Add(sb[i]);
        }
        while (d.Count < 2) { d.Insert(0, 1); a.Insert(0, 0); b.Insert(0, 0); }
        return (d.ToArray(), a.ToArray(), b.ToArray());
    }

    /// <summary>Writes the multi-index of flat position <paramref name="flat"/> over the first <paramref name="count"/> dims.</summary>
    public static void Unravel(int flat, int[] dims, int count, int[] idx)
    {
        for (int d = count - 1; d >= 0; d--) { idx[d] = flat % dims[d]; flat /= dims[d]; }
    }

    /// <summary>Odometer step over the first <paramref name="count"/> dims.</summary>
    public static void Increment(int[] idx, int[] dims, int count)
    {
        for (int d = count - 1; d >= 0; d--)
        {
            if (++idx[d] < dims[d]) return;
            idx[d] = 0;
        }
    }
}
