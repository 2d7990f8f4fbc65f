namespace Df2.Silo.Stores;

/// <summary>
/// Where a checkpoint lives: states up to <see cref="InlineLimit"/> bytes go into the cell's row
/// (location "store"); larger ones, when a shared directory is configured, go to
/// <c>{dir}/cell-{id}-epoch-{epoch}.safetensors</c> (written to a temp name, then renamed) and the
/// row records the path.
/// </summary>
public sealed class CheckpointPlacement(string? directory, int inlineLimit = 1 << 20)
{
    public const string InStore = "store";

    public int InlineLimit => inlineLimit;

    public (string Location, byte[]? Blob) Place(long cellId, int epoch, byte[] state)
    {
        if (directory is null || state.Length <= inlineLimit) return (InStore, state);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(Path.GetFullPath(directory), $"cell-{cellId}-epoch-{epoch}.safetensors");
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, state);
        File.Move(tmp, path, overwrite: true);
        return (path, null);
    }

    public byte[] Load(string location, byte[]? blob) =>
        location == InStore ? blob ?? [] : File.ReadAllBytes(location);

    public void Delete(string? location)
    {
        if (location is null || location == InStore) return;
        try { File.Delete(location); } catch (IOException) { /* a stale file is harmless */ }
    }
}
