using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Kernels.IO;

/// <summary>
/// The Hugging Face safetensors format for TorchSharp tensors: an 8-byte little-endian header length N,
/// N bytes of JSON {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}
/// (padded with spaces to a multiple of 8), then the raw little-endian tensor bytes. Tensors keep their
/// dtype (F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL), so a document round-trips bit for bit; names are
/// written in ordinal order, so equal tensors give equal bytes. PyTorch reads the files (tests/golden/check_safetensors.py).
/// </summary>
public static class Safetensors
{
    private static readonly (string Name, ScalarType Type, int Size)[] Types =
    [
        ("F32", ScalarType.Float32, 4), ("F64", ScalarType.Float64, 8), ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2), ("I64", ScalarType.Int64, 8), ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2), ("I8", ScalarType.Int8, 1), ("U8", ScalarType.Byte, 1), ("BOOL", ScalarType.Bool, 1),
    ];

    /// <summary>Writes the document to a temporary file and renames it, so a crash never leaves half a file.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, ToBytes(tensors, metadata));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Serialises to the safetensors byte layout (tensors on any device; copied to the host here).</summary>
    public static byte[] ToBytes(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: this writer needs a little-endian host.");
        using var scope = NewDisposeScope();
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata.ToDictionary(k => k.Key, k => k.Value);
        var hosts = new List<Tensor>(names.Count);
        long off = 0;
        foreach (var n in names)
        {
            if (n == "__metadata__") throw new ArgumentException("safetensors: '__metadata__' is reserved and cannot name a tensor.");
            var t = tensors[n].detach().cpu().contiguous();
            var (code, size) = Code(t.dtype, n);
            long len = size * t.numel();
            header[n] = new Dictionary<string, object> { ["dtype"] = code, ["shape"] = t.shape, ["data_offsets"] = new[] { off, off + len } };
            hosts.Add(t);
            off += len;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int pad = (8 - json.Length % 8) % 8;
        var buf = new byte[8 + json.Length + pad + off];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, (ulong)(json.Length + pad));
        json.CopyTo(buf, 8);
        for (int i = 0; i < pad; i++) buf[8 + json.Length + i] = (byte)' ';
        int p = 8 + json.Length + pad;
        foreach (var t in hosts)
        {
            if (t.numel() == 0) continue;
            var bytes = t.bytes;
            bytes.CopyTo(buf.AsSpan(p));
            p += bytes.Length;
        }
        return buf;
    }

    /// <summary>Reads a file; errors name the file.</summary>
    public static Dictionary<string, Tensor> Load(string path, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file not found: {path}", path);
        try { return Load(File.ReadAllBytes(path), out _, device); }
        catch (FormatException e) { throw new FormatException($"{path}: {e.Message}", e); }
    }

    /// <summary>Parses safetensors bytes into tensors of the stored dtype on <paramref name="device"/> (default CPU).</summary>
    public static Dictionary<string, Tensor> Load(byte[] bytes, Device? device = null) => Load(bytes, out _, device);

    /// <summary>Parses safetensors bytes; also returns the __metadata__ strings.</summary>
    public static Dictionary<string, Tensor> Load(byte[] bytes, out Dictionary<string, string> metadata, Device? device = null)
    {
        if (bytes.Length < 8) throw new FormatException("safetensors: file shorter than the 8-byte header length.");
        ulong hlen = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (hlen > (ulong)(bytes.Length - 8)) throw new FormatException($"safetensors: header length {hlen} exceeds file size {bytes.Length}.");
        int dataStart = 8 + (int)hlen;
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)hlen));
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                foreach (var m in prop.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString() ?? "";
                continue;
            }
            var e = prop.Value;
            string code = e.TryGetProperty("dtype", out var dt) ? dt.GetString() ?? "" : throw new FormatException($"safetensors: tensor '{prop.Name}' has no dtype.");
            if (!e.TryGetProperty("shape", out var sh)) throw new FormatException($"safetensors: tensor '{prop.Name}' has no shape.");
            if (!e.TryGetProperty("data_offsets", out var offs)) throw new FormatException($"safetensors: tensor '{prop.Name}' has no data_offsets.");
            var shape = sh.EnumerateArray().Select(v => v.GetInt64()).ToArray();
            var o = offs.EnumerateArray().Select(v => v.GetInt64()).ToArray();
            if (o.Length != 2 || o[0] < 0 || o[1] < o[0] || dataStart + o[1] > bytes.Length)
                throw new FormatException($"safetensors: tensor '{prop.Name}' has invalid data_offsets [{string.Join(",", o)}].");
            if (shape.Any(d => d < 0)) throw new FormatException($"safetensors: tensor '{prop.Name}' has a negative dimension.");
            var (type, size) = Type(code, prop.Name);
            long n = shape.Aggregate(1L, (a, d) => a * d);
            if (o[1] - o[0] != n * size)
                throw new FormatException($"safetensors: tensor '{prop.Name}' ({code} [{string.Join(",", shape)}]) needs {n * size} bytes, offsets give {o[1] - o[0]}.");
            var host = empty(shape, dtype: type);
            if (n > 0) bytes.AsSpan(dataStart + (int)o[0], (int)(o[1] - o[0])).CopyTo(host.bytes);
            result[prop.Name] = device is null || device.type == DeviceType.CPU ? host : host.to(device);
        }
        return result;
    }

    private static (string Code, int Size) Code(ScalarType type, string name)
    {
        foreach (var t in Types) if (t.Type == type) return (t.Name, t.Size);
        throw new ArgumentException($"safetensors: tensor '{name}' has dtype {type}, which this writer does not store.");
    }

    private static (ScalarType Type, int Size) Type(string code, string name)
    {
        foreach (var t in Types) if (t.Name == code) return (t.Type, t.Size);
        throw new FormatException($"safetensors: tensor '{name}' has unsupported dtype '{code}'.");
    }
}
