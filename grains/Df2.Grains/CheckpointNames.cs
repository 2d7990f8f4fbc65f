using System.Security.Cryptography;
using System.Text;

namespace Df2.Grains;

/// <summary>
/// Checkpoint names: "{16 hex of SHA-256(sweep|cell)}/a{attempt}-e{epoch}.ckpt" (cell keys hold '/', '[' and '='); a
/// dependency cell's final artifact: "{16 hex of SHA-256(sweep|cell)}/artifact.safetensors"; a sweep's manifest pages: "sweeps/…".
/// </summary>
public static class CheckpointNames
{
    public static string CellFolder(string sweepId, string cellKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(StorageNames.CellGrainKey(sweepId, cellKey))))[..16].ToLowerInvariant();

    public static string Name(string sweepId, string cellKey, int attempt, int epoch) =>
        $"{CellFolder(sweepId, cellKey)}/a{attempt}-e{epoch}.ckpt";

    /// <summary>A sweep's own file (manifest and result pages): "sweeps/{16 hex of SHA-256(sweep)}/{name}".</summary>
    public static string SweepFile(string sweepId, string name) =>
        $"sweeps/{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sweepId)))[..16].ToLowerInvariant()}/{name}";

    public static string Artifact(string sweepId, string cellKey) => $"{CellFolder(sweepId, cellKey)}/artifact.safetensors";
}
