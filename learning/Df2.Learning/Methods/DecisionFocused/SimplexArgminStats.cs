namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>Thread-safe counts of the rows differentiated by <see cref="SimplexArgminFunction"/>: how many sat on a vertex (zero derivative).</summary>
public sealed class SimplexArgminStats
{
    private long _rows, _vertexRows, _freeSum;
    public long Rows => Interlocked.Read(ref _rows);
    public long VertexRows => Interlocked.Read(ref _vertexRows);
    /// <summary>Share of rows whose solution was a vertex (|𝓕| ≤ 1, dâ/dŷ = 0); NaN before any row.</summary>
    public double VertexShare => Rows == 0 ? double.NaN : (double)VertexRows / Rows;
    /// <summary>Mean number of free coordinates |𝓕| per row; NaN before any row.</summary>
    public double MeanFree => Rows == 0 ? double.NaN : (double)Interlocked.Read(ref _freeSum) / Rows;

    public void Record(int free)
    {
        Interlocked.Increment(ref _rows);
        Interlocked.Add(ref _freeSum, free);
        if (free <= 1) Interlocked.Increment(ref _vertexRows);
    }
}
