using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Df2.Learning.Running;

namespace Df2.Robust.Running;

/// <summary>
/// Cells that other cells depend on (the trained DFL predictor, the pre-trained DDPM) are computed once per
/// deterministic key and shared through files in the <c>shared_dir</c> folder: a finished result is
/// <c>{kind}-{hash}.safetensors</c>, an unfinished one resumes from <c>{kind}-{hash}.partial</c>. Inside one
/// process concurrent requests for a key wait for one computation; a failure is remembered and fails every
/// dependent with the dependency's reason (no retry loop, no deadlock).
/// </summary>
public static class SharedDependencies
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Cache = new(StringComparer.Ordinal);

    public static string Hash(string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();

    public static byte[] GetOrCompute(string folder, string kind, string key, Func<ICheckpointSink, byte[]> compute)
    {
        var name = $"{kind}-{Hash(key)}";
        var final = Path.Combine(folder, name + ".safetensors");
        var lazy = Cache.GetOrAdd(final, _ => new Lazy<byte[]>(() =>
        {
            if (File.Exists(final)) return File.ReadAllBytes(final);
            Directory.CreateDirectory(folder);
            byte[] result;
            try { result = compute(new FileCheckpointSink(Path.Combine(folder, name + ".partial"))); }
            catch (OperationCanceledException) { throw; }
            catch (Exception e) { throw new CellFailedException($"dependency {kind} ({key}) failed: {e.Message}"); }
            var temp = final + ".tmp";
            File.WriteAllBytes(temp, result);
            File.Move(temp, final, overwrite: true);
            return result;
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        try { return lazy.Value; }
        catch (OperationCanceledException)
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<byte[]>>(final, lazy));   // a cancelled dependency may run again
            throw;
        }
    }
}
