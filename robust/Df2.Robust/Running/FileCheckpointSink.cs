using Df2.Learning.Running;

namespace Df2.Robust.Running;

/// <summary>Keeps the latest checkpoint of a shared dependency in one file (epoch header + bytes), replaced atomically.</summary>
public sealed class FileCheckpointSink(string path) : ICheckpointSink
{
    public void Save(int epoch, byte[] state)
    {
        var temp = path + ".tmp";
        using (var f = File.Create(temp))
        {
            f.Write(BitConverter.GetBytes(epoch));
            f.Write(state);
        }
        File.Move(temp, path, overwrite: true);
    }

    public (int Epoch, byte[] State)? Load()
    {
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4) throw new InvalidDataException($"{path}: truncated checkpoint ({bytes.Length} bytes)");
        return (BitConverter.ToInt32(bytes, 0), bytes[4..]);
    }
}
