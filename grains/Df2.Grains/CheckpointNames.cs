using System.Security.Cryptography;
using System.Text;

namespace Df2.Grains;

/// <summary>
/// Checkpoint names: "{16 hex of SHA-256(sweep|cell)}/a{attempt}-e{epoch}.ckpt" (cell keys hold '/', '[' and '='); a
/// dependency cell's final artifact: "{16 hex of SHA-256(sweep|cell)}/artifact.safetensors".
/// </summary>
public static class CheckpointNames
{
    public static string CellFolder(string sweepId, string cellKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(StorageNames.CellGrainKey(sweepId, cellKey))))[..16].ToLowerInvariant();

    public static string Name(string sweepId, string cellKey, int attempt, int epoch) =>
        $"{CellFolder(sweepId, cellKey)}/a{attempt}-e{epoch}.ckpt";

    public static string Artifact(string sweepId, string cellKey) => $"{CellFolder(sweepId, cellKey)}/artifact.safetensors";
}
