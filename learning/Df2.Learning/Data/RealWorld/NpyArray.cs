using System.Buffers.Binary;
using System.Text;

namespace Df2.Learning.Data.RealWorld;

/// <summary>
/// A NumPy <c>.npy</c> array read into doubles (or its raw bytes for string dtypes).
/// Format: magic "\x93NUMPY", version (1|2|3, 0), header length (uint16 for v1, uint32 for v2/3),
/// an ASCII Python-dict header with 'descr', 'fortran_order', 'shape', then the raw data.
/// Supported descr: little-endian or byte-order-free i1/i2/i4/i8/u1/u2/u4/u8/f4/f8 and |S strings.
/// </summary>
public sealed class NpyArray
{
    public string Descr { get; }
    public int[] Shape { get; }
    public double[] Values { get; }
    public byte[] Raw { get; }

    private NpyArray(string descr, int[] shape, double[] values, byte[] raw)
    {
        Descr = descr; Shape = shape; Values = values; Raw = raw;
    }

    public long Count => Shape.Aggregate(1L, (p, d) => p * d);

    /// <summary>Parse an .npy document; <paramref name="name"/> names it in every error.</summary>
    public static NpyArray Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{name}: not an .npy array (bad magic)");
        int major = bytes[6];
        int headerLen, offset;
        if (major == 1) { headerLen = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); offset = 10; }
        else if (major is 2 or 3) { headerLen = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)); offset = 12; }
        else throw new InvalidDataException($"{name}: unsupported .npy version {major}");
        if (offset + headerLen > bytes.Length) throw new InvalidDataException($"{name}: header runs past the end of the file");
        var header = Encoding.ASCII.GetString(bytes, offset, headerLen);
        var descr = DictValue(header, "descr", name).Trim().Trim('\'', '"');
        var fortran = DictValue(header, "fortran_order", name).Trim();
        if (fortran != "False") throw new InvalidDataException($"{name}: fortran_order arrays are not supported");
        var shape = ParseShape(DictValue(header, "shape", name), name);
        int dataStart = offset + headerLen;
        var raw = bytes.AsSpan(dataStart).ToArray();
        long count = shape.Aggregate(1L, (p, d) => p * d);
        if (descr.StartsWith("|S")) return new NpyArray(descr, shape, [], raw);
        return new NpyArray(descr, shape, Decode(raw, descr, count, name), raw);
    }

    private static double[] Decode(byte[] raw, string descr, long count, string name)
    {
        if (descr.StartsWith('>')) throw new InvalidDataException($"{name}: big-endian dtype '{descr}' is not supported");
        var code = descr.TrimStart('<', '|', '=');
        int size = code.Length >= 2 && int.TryParse(code[1..], out var s) ? s : 0;
        if (size == 0) throw new InvalidDataException($"{name}: unsupported dtype '{descr}'");
        if (raw.Length < count * size)
            throw new InvalidDataException($"{name}: {raw.Length} data bytes, expected {count * size} for {count} × '{descr}'");
        var result = new double[count];
        var span = raw.AsSpan();
        for (long i = 0; i < count; i++)
        {
            var e = span.Slice((int)(i * size), size);
            result[i] = (code[0], size) switch
            {
                ('i', 1) => (sbyte)e[0],
                ('u', 1) => e[0],
                ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(e),
                ('u', 2) => BinaryPrimitives.ReadUInt16LittleEndian(e),
                ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(e),
                ('u', 4) => BinaryPrimitives.ReadUInt32LittleEndian(e),
                ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(e),
                ('u', 8) => BinaryPrimitives.ReadUInt64LittleEndian(e),
                ('f', 4) => BinaryPrimitives.ReadSingleLittleEndian(e),
                ('f', 8) => BinaryPrimitives.ReadDoubleLittleEndian(e),
                _ => throw new InvalidDataException($"{name}: unsupported dtype '{descr}'"),
            };
        }
        return result;
    }

    private static string DictValue(string header, string key, string name)
    {
        int k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0) throw new InvalidDataException($"{name}: header has no '{key}' entry");
        int colon = header.IndexOf(':', k);
        int start = colon + 1;
        if (header.AsSpan(start).TrimStart().StartsWith("("))
        {
            int open = header.IndexOf('(', start), close = header.IndexOf(')', open);
            if (close < 0) throw new InvalidDataException($"{name}: unterminated shape tuple in header");
            return header[open..(close + 1)];
        }
        int end = header.IndexOf(',', start);
        if (end < 0) end = header.IndexOf('}', start);
        return header[start..end];
    }

    private static int[] ParseShape(string tuple, string name)
    {
        var inner = tuple.Trim().TrimStart('(').TrimEnd(')');
        var parts = inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try { return parts.Select(p => checked((int)long.Parse(p.TrimEnd('L')))).ToArray(); }
        catch (Exception e) when (e is FormatException or OverflowException)
        { throw new InvalidDataException($"{name}: bad shape '{tuple}' in header"); }
    }
}
