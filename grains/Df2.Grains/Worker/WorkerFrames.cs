using System.Buffers.Binary;
using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>
/// The framing of the parent ↔ df2-worker pipes: a 4-byte little-endian length, then one MessagePack-encoded
/// <see cref="WorkerMessage"/>. Reads and writes are synchronous: the child has one thread, the parent one per slot.
/// </summary>
public static class WorkerFrames
{
    public static void Write(Stream stream, WorkerMessage message)
    {
        var payload = MessagePackSerializer.Serialize(message);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, payload.Length);
        stream.Write(length);
        stream.Write(payload);
        stream.Flush();
    }

    /// <summary>The next message, or null when the other end closed the pipe (also in the middle of a frame: it died).</summary>
    public static WorkerMessage? Read(Stream stream)
    {
        Span<byte> length = stackalloc byte[4];
        if (stream.ReadAtLeast(length, 4, throwOnEndOfStream: false) < 4) return null;
        var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
        if (stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false) < payload.Length) return null;
        return MessagePackSerializer.Deserialize<WorkerMessage>(payload);
    }
}
