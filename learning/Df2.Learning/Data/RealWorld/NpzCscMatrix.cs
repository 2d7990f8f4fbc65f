using System.IO.Compression;
using System.Text;

namespace Df2.Learning.Data.RealWorld;

/// <summary>
/// A scipy.sparse CSC matrix saved by <c>scipy.sparse.save_npz</c>: a zip of the .npy arrays
/// <c>data</c>, <c>indices</c>, <c>indptr</c>, <c>shape</c>, <c>format</c> (= b"csc").
/// Column j's non-zeros are data[indptr[j]..indptr[j+1]) at rows indices[...].
/// </summary>
public sealed class NpzCscMatrix
{
    public int Rows { get; }
    public int Cols { get; }
    private readonly double[] _data;
    private readonly int[] _indices;
    private readonly int[] _indptr;

    private NpzCscMatrix(int rows, int cols, double[] data, int[] indices, int[] indptr)
    {
        Rows = rows; Cols = cols; _data = data; _indices = indices; _indptr = indptr;
    }

    public static NpzCscMatrix Load(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        NpyArray Entry(string member)
        {
            var entry = zip.GetEntry(member + ".npy")
                ?? throw new InvalidDataException($"{path}: zip entry '{member}.npy' missing (expected a scipy.sparse save_npz file)");
            using var s = entry.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return NpyArray.Parse(ms.ToArray(), $"{path}!{member}.npy");
        }
        var format = Encoding.ASCII.GetString(Entry("format").Raw).TrimEnd('\0');
        if (format != "csc") throw new InvalidDataException($"{path}!format.npy: format '{format}', expected 'csc'");
        var shape = Entry("shape").Values;
        if (shape.Length != 2) throw new InvalidDataException($"{path}!shape.npy: expected 2 values, got {shape.Length}");
        int rows = (int)shape[0], cols = (int)shape[1];
        var data = Entry("data").Values;
        var indices = Entry("indices").Values.Select(v => (int)v).ToArray();
        var indptr = Entry("indptr").Values.Select(v => (int)v).ToArray();
        if (indptr.Length != cols + 1) throw new InvalidDataException($"{path}!indptr.npy: length {indptr.Length}, expected cols+1 = {cols + 1}");
        if (indices.Length != data.Length) throw new InvalidDataException($"{path}!indices.npy: length {indices.Length} differs from data length {data.Length}");
        if (indptr[^1] != data.Length) throw new InvalidDataException($"{path}!indptr.npy: last pointer {indptr[^1]} differs from nnz {data.Length}");
        foreach (var r in indices)
            if (r < 0 || r >= rows) throw new InvalidDataException($"{path}!indices.npy: row index {r} outside [0, {rows})");
        return new NpzCscMatrix(rows, cols, data, indices, indptr);
    }

    /// <summary>Dense rows [rowStart, rowEnd) as a row-major [rowEnd−rowStart, Cols] array.</summary>
    public double[] DenseRows(int rowStart, int rowEnd)
    {
        if (rowStart < 0 || rowEnd > Rows || rowStart >= rowEnd) throw new ArgumentOutOfRangeException(nameof(rowStart));
        int n = rowEnd - rowStart;
        var dense = new double[(long)n * Cols];
        for (int j = 0; j < Cols; j++)
            for (int p = _indptr[j]; p < _indptr[j + 1]; p++)
            {
                int r = _indices[p];
                if (r >= rowStart && r < rowEnd) dense[(long)(r - rowStart) * Cols + j] += _data[p];
            }
        return dense;
    }
}
