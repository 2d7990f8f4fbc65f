using System.Globalization;
using Df2.Kernels.IO;
using Df2.Kernels.Random;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.Running;

/// <summary>
/// A cell checkpoint as one safetensors document (PyTorch reads it; tests/golden/check_safetensors.py):
/// "model.&lt;name&gt;" = the module's state dict (parameters and buffers, their own dtype),
/// "optim.&lt;i&gt;.step" (I64) / "optim.&lt;i&gt;.exp_avg" / "optim.&lt;i&gt;.exp_avg_sq" (/ "optim.&lt;i&gt;.max_exp_avg_sq")
/// = the Adam state of the i-th parameter in the optimizer's order, "optim.group&lt;g&gt;.lr" (F64) = each
/// parameter group's learning rate, "rng.&lt;name&gt;" (I64[6]: four xoshiro256** words, has-spare, spare
/// normal bits) = named <see cref="Rng"/> states, "extra.&lt;name&gt;" = runner tensors (a kept best model,
/// a torch generator state), "meta.epoch" (I64) = finished epochs. String metadata travels in the document's
/// <c>__metadata__</c>. Everything is stored in its own dtype, so a resumed cell continues bit for bit.
/// The optimizer must be a <see cref="Adam"/> built over the module's parameters.
/// </summary>
public static partial class CheckpointCodec
{
    private const string ModelPrefix = "model.", OptimPrefix = "optim.", ExtraPrefix = "extra.", RngPrefix = "rng.",
        EpochKey = "meta.epoch", EpochMetadata = "epoch";

    /// <summary>The document after <paramref name="epoch"/> finished epochs.</summary>
    public static byte[] Save(nn.Module model, OptimizerHelper optimizer, int epoch, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, Tensor>? extras = null, IReadOnlyDictionary<string, RngState>? rngs = null)
    {
        using var scope = NewDisposeScope();
        var all = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in model.state_dict()) all[ModelPrefix + name] = t;
        AdamStateCodec.Write(optimizer, all, OptimPrefix, copy: false);
        if (extras != null) foreach (var (name, t) in extras) all[ExtraPrefix + name] = t;
        if (rngs != null) foreach (var (name, s) in rngs) all[RngPrefix + name] = EncodeRng(s);
        all[EpochKey] = tensor((long)epoch, ScalarType.Int64);
        var meta = metadata is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        if (meta.ContainsKey(EpochMetadata)) throw new ArgumentException($"checkpoint metadata key '{EpochMetadata}' is reserved", nameof(metadata));
        meta[EpochMetadata] = epoch.ToString(CultureInfo.InvariantCulture);
        return Safetensors.ToBytes(all, meta);
    }

    /// <summary>
    /// Loads weights and optimizer state in place (on the module's device) and returns the finished epochs, the
    /// metadata, the extra tensors (on the CPU; the caller moves and disposes them) and the named generator states.
    /// A checkpoint whose tensor names or shapes differ from the model fails with one <see cref="CellFailedException"/>
    /// listing the differences, before anything is copied.
    /// </summary>
    public static RestoredCheckpoint Restore(byte[] state, nn.Module model, OptimizerHelper optimizer)
    {
        Dictionary<string, Tensor> all;
        Dictionary<string, string> meta;
        try { all = Safetensors.Load(state, out meta); }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Text.Json.JsonException or OverflowException or InvalidOperationException)
        {
            throw new CellFailedException($"checkpoint is not a readable safetensors document: {e.Message}");
        }
        var extras = Strip(all, ExtraPrefix);
        try
        {
            if (!all.TryGetValue(EpochKey, out var epoch) || epoch.dtype != ScalarType.Int64 || epoch.numel() != 1)
                throw new CellFailedException($"checkpoint has no integer '{EpochKey}' entry");
            var weights = Strip(all, ModelPrefix);
            var mine = model.state_dict();
            CheckMatches(weights, mine);
            AdamStateCodec.Read(optimizer, all, OptimPrefix);   // checks the optimizer entries before anything is copied
            using (no_grad())
                foreach (var (name, t) in mine) t.copy_(weights[name]);
            var rngs = Strip(all, RngPrefix).ToDictionary(kv => kv.Key, kv => DecodeRng(kv.Value, kv.Key), StringComparer.Ordinal);
            return new RestoredCheckpoint((int)epoch.item<long>(), meta, extras, rngs);
        }
        finally
        {
            foreach (var (name, t) in all) if (!name.StartsWith(ExtraPrefix, StringComparison.Ordinal)) t.Dispose();
        }
    }

    /// <summary>Every model tensor present with its shape and dtype and nothing extra; otherwise one message naming (up to 4 of) the differences.</summary>
    private static void CheckMatches(Dictionary<string, Tensor> saved, IReadOnlyDictionary<string, Tensor> mine)
    {
        var problems = new List<string>();
        foreach (var (name, t) in mine)
        {
            if (!saved.TryGetValue(name, out var s)) problems.Add($"'{name}' is missing");
            else if (!s.shape.SequenceEqual(t.shape)) problems.Add($"'{name}' is {Shape(s)} in the checkpoint but {Shape(t)} in the model");
            else if (s.dtype != t.dtype) problems.Add($"'{name}' is {s.dtype} in the checkpoint but {t.dtype} in the model");
        }
        foreach (var name in saved.Keys.Where(k => !mine.ContainsKey(k)).Order(StringComparer.Ordinal)) problems.Add($"'{name}' is not in the model");
        if (problems.Count == 0) return;
        var shown = string.Join("; ", problems.Take(4)) + (problems.Count > 4 ? $"; and {problems.Count - 4} more" : "");
        throw new CellFailedException(
            $"checkpoint does not match this cell's model ({problems.Count} tensor(s) differ; were the cell's sizes changed since it was written?): {shown}");
    }

    private static Tensor EncodeRng(RngState s) => tensor(new long[]
    {
        (long)s.S0, (long)s.S1, (long)s.S2, (long)s.S3, s.SpareNormal is null ? 0 : 1,
        s.SpareNormal is float f ? BitConverter.SingleToInt32Bits(f) : 0,
    });

    private static RngState DecodeRng(Tensor t, string name)
    {
        if (t.dtype != ScalarType.Int64 || t.numel() != 6) throw new CellFailedException($"checkpoint entry '{RngPrefix}{name}' is not a generator state (I64[6])");
        var w = t.data<long>().ToArray();
        return new RngState((ulong)w[0], (ulong)w[1], (ulong)w[2], (ulong)w[3], w[4] == 0 ? null : BitConverter.Int32BitsToSingle((int)w[5]));
    }

    private static string Shape(Tensor t) => "[" + string.Join(",", t.shape) + "]";

    private static Dictionary<string, Tensor> Strip(Dictionary<string, Tensor> all, string prefix) =>
        all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
           .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
}
