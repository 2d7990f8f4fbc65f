namespace Df2.Grains;

/// <summary>
/// Where epoch checkpoints (safetensors bytes from the learning core) are kept: a folder or Azure Blob storage.
/// Never grain state. A save returns the location the cell grain records; one file or blob per epoch.
/// A dependency cell's final artifact is kept under a name derived from its key (<see cref="CheckpointNames.Artifact"/>)
/// and never pruned; its dependents load it from there.
/// </summary>
public interface ICheckpointStore
{
    string Save(string sweepId, string cellKey, int attempt, int epoch, byte[] state);

    /// <summary>Store a cell's final artifact (replacing an earlier one: a re-run writes the same bytes); returns its location.</summary>
    string SaveArtifact(string sweepId, string cellKey, byte[] artifact);

    /// <summary>
    /// Store one file of a sweep's own records (its manifest pages: <see cref="SweepManifest"/>), replacing an earlier one;
    /// returns its location.
    /// </summary>
    string SaveSweepFile(string sweepId, string name, byte[] bytes);

    byte[] Load(string location);

    /// <summary>Remove a checkpoint that is no longer needed (nothing happens when it is gone already).</summary>
    void Delete(string location);
}
