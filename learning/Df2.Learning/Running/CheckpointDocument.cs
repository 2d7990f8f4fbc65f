using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Df2.Engine;

namespace Df2.Learning.Running;

/// <summary>
/// Minimal safetensors encoding of float32 tensors for checkpoints (format: 8-byte little-endian
/// header length, a JSON header {name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}},
/// then the raw little-endian data). Keys are written in ordinal order so equal states give equal bytes.
/// </summary>
public static class CheckpointDocument
{
    public static byte[] ToBytes(IReadOnlyDictionary<string, Tensor> tensors)
    {
        var keys = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var k in keys)
        {
            var t = tensors[k];
            header[k] = new Dictionary<string, object> { ["dtype"] = "F32", ["shape"] = t.Shape, ["data_offsets"] = new[] { offset, offset + 4L * t.Numel } };
            offset += 4L * t.Numel;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.CopyTo(bytes, 8);
        for (int i = json.Length; i < padded; i++) bytes[8 + i] = (byte)' ';
        long at = 8 + padded;
        foreach (var k in keys)
        {
            foreach (var v in tensors[k].ToArray())
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)at, 4), v);
                at += 4;
            }
        }
        return bytes;
    }

    public static Dictionary<string, Tensor> Load(byte[] bytes)
    {
        if (bytes.Length < 8) throw new FormatException("shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw new FormatException($"header length {headerLength} exceeds the document");
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        long dataStart = 8 + (long)headerLength;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            if (entry.Value.GetProperty("dtype").GetString() != "F32") throw new FormatException($"tensor '{entry.Name}': only F32 is supported");
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            int count = shape.Aggregate(1, (a, b) => a * b);
            if (offsets[1] - offsets[0] != 4L * count || dataStart + offsets[1] > bytes.Length)
                throw new FormatException($"tensor '{entry.Name}': data offsets [{offsets[0]}, {offsets[1]}] do not match shape or document");
            var data = new float[count];
            for (int i = 0; i < count; i++)
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(dataStart + offsets[0] + 4L * i), 4));
            result[entry.Name] = Tensor.FromArray(data, shape);
        }
        return result;
    }
}
