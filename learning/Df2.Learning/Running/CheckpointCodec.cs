using Df2.Engine;
using Df2.Engine.IO;
using Df2.Engine.NN;
using Df2.Engine.Optim;

namespace Df2.Learning.Running;

/// <summary>
/// A cell checkpoint as one safetensors document: "model.&lt;name&gt;" = the network's state dict,
/// "optim.&lt;key&gt;" = the Adam state (step count, first/second moments), "meta.epoch" = finished
/// epochs. RNG state needs no saving: every epoch draws from a stream seeded by (seed, epoch),
/// and decision-time sampling from a stream seeded by the seed, so a resumed cell produces the
/// same numbers as an uninterrupted one.
/// </summary>
public static class CheckpointCodec
{
    private const string ModelPrefix = "model.", OptimPrefix = "optim.", EpochKey = "meta.epoch";

    public static byte[] Save(Module model, Optimizer optimizer, int epoch)
    {
        var all = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.StateDict()) all[ModelPrefix + name] = t;
        foreach (var (name, t) in optimizer.StateDict()) all[OptimPrefix + name] = t;
        all[EpochKey] = Tensor.FromArray([epoch], 1);
        return Safetensors.ToBytes(all, new Dictionary<string, string> { ["epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Loads weights and optimizer state in place; returns the number of finished epochs.</summary>
    public static int Restore(byte[] state, Module model, Optimizer optimizer)
    {
        Dictionary<string, Tensor> all;
        try { all = Safetensors.Load(state); }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Text.Json.JsonException or OverflowException)
        {
            throw new CellFailedException($"checkpoint is not a readable safetensors document: {e.Message}");
        }
        if (!all.TryGetValue(EpochKey, out var epoch)) throw new CellFailedException($"checkpoint has no '{EpochKey}' entry");
        try
        {
            model.LoadStateDict(Strip(all, ModelPrefix));
            optimizer.LoadStateDict(Strip(all, OptimPrefix));
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
        {
            throw new CellFailedException($"checkpoint does not match this cell's model: {e.Message}");
        }
        return (int)epoch.ToArray()[0];
    }

    private static Dictionary<string, Tensor> Strip(Dictionary<string, Tensor> all, string prefix) =>
        all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
           .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
