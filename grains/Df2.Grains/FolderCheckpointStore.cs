namespace Df2.Grains;

/// <summary>
/// Checkpoints as files under one folder (embedded runs, or a volume shared by the silos): written to a
/// temporary name and renamed, so a reader never sees half a checkpoint. The checkpoint two epochs back is removed.
/// </summary>
public sealed class FolderCheckpointStore(string folder) : ICheckpointStore
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public string Save(string sweepId, string cellKey, int attempt, int epoch, byte[] state)
    {
        var name = CheckpointNames.Name(sweepId, cellKey, attempt, epoch);
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path + ".tmp", state);
        File.Move(path + ".tmp", path, overwrite: true);
        if (epoch > 2)
        {
            try { File.Delete(Path.Combine(Folder, CheckpointNames.Name(sweepId, cellKey, attempt, epoch - 2))); }
            catch (IOException) { /* a stale checkpoint is harmless */ }
        }
        return name;
    }

    public string SaveArtifact(string sweepId, string cellKey, byte[] artifact)
    {
        var name = CheckpointNames.Artifact(sweepId, cellKey);
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path + ".tmp", artifact);
        File.Move(path + ".tmp", path, overwrite: true);
        return name;
    }

    public string SaveSweepFile(string sweepId, string name, byte[] bytes)
    {
        var location = CheckpointNames.SweepFile(sweepId, name);
        var path = Path.Combine(Folder, location);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path + ".tmp", bytes);
        File.Move(path + ".tmp", path, overwrite: true);
        return location;
    }

    public byte[] Load(string location) => File.ReadAllBytes(Path.Combine(Folder, location));

    public void Delete(string location)
    {
        try { File.Delete(Path.Combine(Folder, location)); }
        catch (IOException) { /* a stale checkpoint is harmless */ }
    }
}
