using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;
using Orleans.Storage;

namespace Df2.Silo.Core;

/// <summary>
/// Grain state in a local folder (embedded runs and single-silo hosts; Orleans ships no file provider): one
/// MessagePack file per grain and state name, written to a temporary name and renamed. The ETag is a counter
/// stored next to the state; a write whose ETag does not match is refused, as the Azure Table provider does.
/// </summary>
public sealed class FolderGrainStorage(string folder, IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    private string PathOf(string stateName, GrainId grainId)
    {
        var id = grainId.ToString();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..24].ToLowerInvariant();
        return Path.Combine(folder, stateName, hash + ".msgpack");
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var bytes = await File.ReadAllBytesAsync(path);
        var etag = BitConverter.ToInt64(bytes, 0);
        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes.AsMemory(8)));
        grainState.ETag = etag.ToString();
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        await _lock.WaitAsync();
        try
        {
            var current = File.Exists(path) ? BitConverter.ToInt64(await ReadHead(path), 0).ToString() : null;
            if (current != grainState.ETag)
                throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}", current, grainState.ETag);
            var next = (current is null ? 0 : long.Parse(current)) + 1;
            var body = serializer.Serialize(grainState.State).ToArray();
            var bytes = new byte[8 + body.Length];
            BitConverter.TryWriteBytes(bytes, next);
            body.CopyTo(bytes, 8);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path + ".tmp", bytes);
            File.Move(path + ".tmp", path, overwrite: true);
            grainState.ETag = next.ToString();
            grainState.RecordExists = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private static async Task<byte[]> ReadHead(string path)
    {
        var head = new byte[8];
        await using var f = File.OpenRead(path);
        await f.ReadExactlyAsync(head);
        return head;
    }
}
