namespace Df2.Grains;

/// <summary>
/// Where epoch checkpoints (safetensors bytes from the learning core) are kept: a folder or Azure Blob storage.
/// Never grain state. A save returns the location the cell grain records; one file or blob per epoch.
/// </summary>
public interface ICheckpointStore
{
    string Save(string sweepId, string cellKey, int attempt, int epoch, byte[] state);

    byte[] Load(string location);
}
