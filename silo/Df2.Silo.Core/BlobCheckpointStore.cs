using Azure;
using Azure.Storage.Blobs;
using Df2.Grains;

namespace Df2.Silo.Core;

/// <summary>Checkpoints as blobs in one container (Azure Storage, or Azurite); the checkpoint two epochs back is deleted.</summary>
public sealed class BlobCheckpointStore : ICheckpointStore
{
    private readonly BlobContainerClient _container;

    public BlobCheckpointStore(BlobContainerClient container)
    {
        _container = container;
        _container.CreateIfNotExists();
    }

    public string Save(string sweepId, string cellKey, int attempt, int epoch, byte[] state)
    {
        var name = CheckpointNames.Name(sweepId, cellKey, attempt, epoch);
        _container.GetBlobClient(name).Upload(new BinaryData(state), overwrite: true);
        if (epoch > 2)
        {
            try { _container.GetBlobClient(CheckpointNames.Name(sweepId, cellKey, attempt, epoch - 2)).DeleteIfExists(); }
            catch (RequestFailedException) { /* a stale checkpoint is harmless */ }
        }
        return name;
    }

    public string SaveArtifact(string sweepId, string cellKey, byte[] artifact)
    {
        var name = CheckpointNames.Artifact(sweepId, cellKey);
        _container.GetBlobClient(name).Upload(new BinaryData(artifact), overwrite: true);
        return name;
    }

    public string SaveSweepFile(string sweepId, string name, byte[] bytes)
    {
        var location = CheckpointNames.SweepFile(sweepId, name);
        _container.GetBlobClient(location).Upload(new BinaryData(bytes), overwrite: true);
        return location;
    }

    public byte[] Load(string location) => _container.GetBlobClient(location).DownloadContent().Value.Content.ToArray();

    public void Delete(string location)
    {
        try { _container.GetBlobClient(location).DeleteIfExists(); }
        catch (RequestFailedException) { /* a stale checkpoint is harmless */ }
    }
}
