using Df2.Engine;
using Df2.Engine.IO;
using Df2.Engine.NN;
using Df2.Engine.Optim;

namespace Df2.Learning.Running;

/// <summary>
/// TRANSITIONAL (deleted when the real-world side moves to TorchSharp): the engine-typed overloads that
/// RealWorld/Running/RealWorldCheckpoint still calls. Same layout as the TorchSharp overloads in CheckpointCodec.cs.
/// A cell checkpoint as one safetensors document: "model.&lt;name&gt;" = the network's state dict
/// (parameters and buffers), "optim.&lt;key&gt;" = the Adam state (step count, first/second moments),
/// "meta.epoch" = finished epochs; the optional string <c>metadata</c> travels in the document's
/// <c>__metadata__</c> (the real-world runner keeps its RNG states and epoch times there).
/// Synthetic cells need no RNG state: every epoch draws from a stream seeded by (seed, epoch),
/// and decision-time sampling from a stream seeded by the seed, so a resumed cell produces the
/// same numbers as an uninterrupted one.
/// </summary>
public static partial class CheckpointCodec
{
        /// <summary>The document; <paramref name="extras"/> (stored as "extra.&lt;name&gt;") carry runner state such as a kept best model.</summary>
    public static byte[] Save(Module model, Optimizer optimizer, int epoch, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, Tensor>? extras = null)
    {
        var all = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.StateDict()) all[ModelPrefix + name] = t;
        foreach (var (name, t) in optimizer.StateDict()) all[OptimPrefix + name] = t;
        if (extras != null) foreach (var (name, t) in extras) all[ExtraPrefix + name] = t;
        all[EpochKey] = Tensor.FromArray([epoch], 1);
        var meta = metadata is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        if (meta.ContainsKey(EpochMetadata)) throw new ArgumentException($"checkpoint metadata key '{EpochMetadata}' is reserved", nameof(metadata));
        meta[EpochMetadata] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Safetensors.ToBytes(all, meta);
    }

    /// <summary>Loads weights and optimizer state in place; returns the number of finished epochs.</summary>
    public static int Restore(byte[] state, Module model, Optimizer optimizer) => Restore(state, model, optimizer, out _, out _);

    /// <summary>As <see cref="Restore(byte[], Module, Optimizer, out IReadOnlyDictionary{string, Tensor}, out IReadOnlyDictionary{string, Tensor})"/> without the extras.</summary>
    public static int Restore(byte[] state, Module model, Optimizer optimizer, out IReadOnlyDictionary<string, string> metadata) =>
        Restore(state, model, optimizer, out metadata, out _);

    /// <summary>
    /// Loads weights and optimizer state in place and returns the number of finished epochs with the
    /// document's metadata and extra tensors. A checkpoint whose tensor names or shapes differ from the model fails with one
    /// <see cref="CellFailedException"/> listing the differences, before anything is copied.
    /// </summary>
    public static int Restore(byte[] state, Module model, Optimizer optimizer, out IReadOnlyDictionary<string, string> metadata,
        out IReadOnlyDictionary<string, Tensor> extras)
    {
        Dictionary<string, Tensor> all;
        Dictionary<string, string> meta;
        try { all = Safetensors.Load(state, out meta); }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Text.Json.JsonException or OverflowException or InvalidOperationException)
        {
            throw new CellFailedException($"checkpoint is not a readable safetensors document: {e.Message}");
        }
        if (!all.TryGetValue(EpochKey, out var epoch)) throw new CellFailedException($"checkpoint has no '{EpochKey}' entry");
        var weights = Strip(all, ModelPrefix);
        CheckMatches(weights, model);
        try
        {
            model.LoadStateDict(weights);
            optimizer.LoadStateDict(Strip(all, OptimPrefix));
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
        {
            throw new CellFailedException($"checkpoint does not match this cell's model: {e.Message}");
        }
        metadata = meta;
        extras = Strip(all, ExtraPrefix);
        return (int)epoch.ToArray()[0];
    }

    /// <summary>Every model tensor present with its shape and nothing extra; otherwise one message naming (up to 4 of) the differences.</summary>
    private static void CheckMatches(Dictionary<string, Tensor> saved, Module model)
    {
        var mine = model.StateDict();
        var problems = new List<string>();
        foreach (var (name, t) in mine)
        {
            if (!saved.TryGetValue(name, out var s)) problems.Add($"'{name}' is missing");
            else if (!s.Shape.SequenceEqual(t.Shape)) problems.Add($"'{name}' is {Shape(s)} in the checkpoint but {Shape(t)} in the model");
        }
        foreach (var name in saved.Keys.Where(k => !mine.ContainsKey(k)).Order(StringComparer.Ordinal)) problems.Add($"'{name}' is not in the model");
        if (problems.Count == 0) return;
        var shown = string.Join("; ", problems.Take(4)) + (problems.Count > 4 ? $"; and {problems.Count - 4} more" : "");
        throw new CellFailedException(
            $"checkpoint does not match this cell's model ({problems.Count} tensor(s) differ; were the cell's sizes changed since it was written?): {shown}");
    }

    private static string Shape(Tensor t) => "[" + string.Join(",", t.Shape) + "]";

    private static Dictionary<string, Tensor> Strip(Dictionary<string, Tensor> all, string prefix) =>
        all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
           .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
