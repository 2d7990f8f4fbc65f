using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Df2.Robust.Running;

/// <summary>
/// A small safetensors writer/reader (8-byte little-endian header length, JSON header, raw little-endian
/// data) for F32 / F64 / I64 CPU copies of tensors, plus string metadata.
/// </summary>
public static class SafeTensors
{
    public static byte[] Write(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            using var cpu = t.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = DtypeName(cpu.dtype, name),
                ["shape"] = new JsonArray(cpu.shape.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                ["data_offsets"] = new JsonArray(JsonValue.Create(offset), JsonValue.Create(offset + bytes.Length)),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var ms = new MemoryStream();
        ms.Write(BitConverter.GetBytes((ulong)json.Length));
        ms.Write(json);
        foreach (var b in blobs) ms.Write(b);
        return ms.ToArray();
    }

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(byte[] data, string source)
    {
        if (data.Length < 8) throw new InvalidDataException($"{source}: not a safetensors document ({data.Length} bytes)");
        var length = (long)BitConverter.ToUInt64(data, 0);
        if (length <= 0 || 8 + length > data.Length) throw new InvalidDataException($"{source}: safetensors header length {length} is invalid");
        var header = JsonNode.Parse(Encoding.UTF8.GetString(data, 8, (int)length))!.AsObject();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node!.AsObject()) metadata[k] = v!.GetValue<string>();
                continue;
            }
            var dtype = ParseDtype(node!["dtype"]!.GetValue<string>(), source, name);
            var shape = node["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
            var t = zeros(shape, dtype);
            var span = t.bytes;
            var start = 8 + length + offsets[0];
            if (offsets[1] - offsets[0] != span.Length || 8 + length + offsets[1] > data.Length)
                throw new InvalidDataException($"{source}: tensor '{name}' has {offsets[1] - offsets[0]} bytes, expected {span.Length}");
            data.AsSpan((int)start, span.Length).CopyTo(span);
            tensors[name] = t;
        }
        return (tensors, metadata);
    }

    private static string DtypeName(ScalarType t, string name) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        _ => throw new ArgumentException($"tensor '{name}': dtype {t} is not supported by the checkpoint writer"),
    };

    private static ScalarType ParseDtype(string s, string source, string name) => s switch
    {
        "F32" => ScalarType.Float32,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        _ => throw new InvalidDataException($"{source}: tensor '{name}' has unsupported dtype {s}"),
    };
}
