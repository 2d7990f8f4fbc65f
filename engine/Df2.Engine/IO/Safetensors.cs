using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Df2.Engine.IO;

/// <summary>
/// The Hugging Face safetensors format: an 8-byte little-endian header length N, N bytes of JSON
/// {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}
/// (padded with spaces to a multiple of 8), then the raw little-endian tensor bytes.
/// We write F32 (keys sorted); we read F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL as float32.
/// </summary>
public static class Safetensors
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var bytes = ToBytes(tensors, metadata);
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true); // atomic replace: a crash never leaves half a checkpoint
    }

    public static void Save(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        => stream.Write(ToBytes(tensors, metadata));

    /// <summary>Serialises to the safetensors byte layout.</summary>
    public static byte[] ToBytes(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata.ToDictionary(k => k.Key, k => k.Value);
        long off = 0;
        foreach (var n in names)
        {
            if (n == "__metadata__") throw new ArgumentException("Safetensors: '__metadata__' is reserved and cannot name a tensor.");
            var t = tensors[n];
            long len = 4L * t.Numel;
            header[n] = new Dictionary<string, object> { ["dtype"] = "F32", ["shape"] = t.Shape, ["data_offsets"] = new[] { off, off + len } };
            off += len;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int pad = (8 - json.Length % 8) % 8;
        var buf = new byte[8 + json.Length + pad + off];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, (ulong)(json.Length + pad));
        json.CopyTo(buf, 8);
        for (int i = 0; i < pad; i++) buf[8 + json.Length + i] = (byte)' ';
        int p = 8 + json.Length + pad;
        foreach (var n in names)
        {
            foreach (var v in tensors[n].Span) { BinaryPrimitives.WriteSingleLittleEndian(buf.AsSpan(p), v); p += 4; }
        }
        return buf;
    }

    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Safetensors file not found: {path}", path);
        try { return Load(File.ReadAllBytes(path)); }
        catch (FormatException e) { throw new FormatException($"{path}: {e.Message}", e); }
    }

    public static Dictionary<string, Tensor> Load(Stream stream)
    {
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return Load(ms.ToArray());
    }

    /// <summary>Parses safetensors bytes into float32 tensors.</summary>
    public static Dictionary<string, Tensor> Load(byte[] bytes) => Load(bytes, out _);

    /// <summary>Parses safetensors bytes; also returns the __metadata__ strings.</summary>
    public static Dictionary<string, Tensor> Load(byte[] bytes, out Dictionary<string, string> metadata)
    {
        if (bytes.Length < 8) throw new FormatException("safetensors: file shorter than the 8-byte header length.");
        ulong hlen = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (hlen > (ulong)(bytes.Length - 8)) throw new FormatException($"safetensors: header length {hlen} exceeds file size {bytes.Length}.");
        int dataStart = 8 + (int)hlen;
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)hlen));
        var result = new Dictionary<string, Tensor>();
        metadata = [];
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                foreach (var m in prop.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                continue;
            }
            var e = prop.Value;
            string dtype = e.TryGetProperty("dtype", out var dt) ? dt.GetString() ?? "" : throw new FormatException($"safetensors: tensor '{prop.Name}' has no dtype.");
            if (!e.TryGetProperty("shape", out var sh)) throw new FormatException($"safetensors: tensor '{prop.Name}' has no shape.");
            if (!e.TryGetProperty("data_offsets", out var offs)) throw new FormatException($"safetensors: tensor '{prop.Name}' has no data_offsets.");
            var shape = sh.EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var o = offs.EnumerateArray().Select(v => v.GetInt64()).ToArray();
            if (o.Length != 2 || o[0] < 0 || o[1] < o[0] || dataStart + o[1] > bytes.Length)
                throw new FormatException($"safetensors: tensor '{prop.Name}' has invalid data_offsets [{string.Join(",", o)}].");
            int n = ShapeUtil.Numel(shape);
            int size = ElementSize(dtype, prop.Name);
            if (o[1] - o[0] != (long)n * size)
                throw new FormatException($"safetensors: tensor '{prop.Name}' ({dtype} {ShapeUtil.Str(shape)}) needs {(long)n * size} bytes, offsets give {o[1] - o[0]}.");
            var src = bytes.AsSpan(dataStart + (int)o[0], (int)(o[1] - o[0]));
            var d = new float[n];
            for (int i = 0; i < n; i++) d[i] = Decode(dtype, src.Slice(i * size, size));
            result[prop.Name] = Tensor.Wrap(d, shape);
        }
        return result;
    }

    private static int ElementSize(string dtype, string name) => dtype switch
    {
        "F32" or "I32" => 4,
        "F64" or "I64" => 8,
        "F16" or "BF16" or "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => throw new FormatException($"safetensors: tensor '{name}' has unsupported dtype '{dtype}'."),
    };

    private static float Decode(string dtype, ReadOnlySpan<byte> b) => dtype switch
    {
        "F32" => BinaryPrimitives.ReadSingleLittleEndian(b),
        "F64" => (float)BinaryPrimitives.ReadDoubleLittleEndian(b),
        "F16" => (float)BinaryPrimitives.ReadHalfLittleEndian(b),
        "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
        "I64" => BinaryPrimitives.ReadInt64LittleEndian(b),
        "I32" => BinaryPrimitives.ReadInt32LittleEndian(b),
        "I16" => BinaryPrimitives.ReadInt16LittleEndian(b),
        "I8" => (sbyte)b[0],
        _ => b[0],
    };
}
