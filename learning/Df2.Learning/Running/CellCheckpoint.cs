using System.Globalization;
using Df2.Learning.Methods;
using TorchSharp.Modules;

namespace Df2.Learning.Running;

/// <summary>
/// A cell's epoch checkpoint: the <see cref="CheckpointCodec"/> document (model parameters and
/// buffers, Adam moments and step, finished epochs, the state of every generator in
/// <see cref="TrainableMethod.CarriedRngs"/> as "rng.&lt;name&gt;") plus metadata: <c>method</c> = the registry
/// name (two methods may share a network shape) and <c>epoch_seconds</c> = the wall time of every finished
/// epoch, so that the per-phase epoch times of a resumed cell still cover all its epochs; and the
/// <see cref="ValidationSelection"/> state (kept best parameters as "extra.best.&lt;name&gt;", best regret /
/// epoch / history as <c>select.*</c>).
/// </summary>
public static class CellCheckpoint
{
    private const string SecondsKey = "epoch_seconds", MethodKey = "method";

    /// <summary>The checkpoint after <c>epochSeconds.Count</c> finished epochs.</summary>
    public static byte[] Save(string methodName, TrainableMethod method, OptimizerHelper optimizer, IReadOnlyList<double> epochSeconds, ValidationSelection selection)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MethodKey] = methodName,
            [SecondsKey] = string.Join(",", epochSeconds.Select(s => s.ToString("R", CultureInfo.InvariantCulture))),
        };
        foreach (var (k, v) in selection.Metadata()) meta[k] = v;
        var rngs = method.CarriedRngs().ToDictionary(c => c.Name, c => c.Rng.State, StringComparer.Ordinal);
        return CheckpointCodec.Save(method.Model, optimizer, epochSeconds.Count, meta, selection.Tensors(), rngs);
    }

    /// <summary>
    /// Restores model, optimizer and carried generators in place and returns the seconds of the finished
    /// epochs (their count is the epoch to continue after). Throws <see cref="CellFailedException"/> with
    /// one message when the checkpoint does not belong to this cell.
    /// </summary>
    public static List<double> Restore((int Epoch, byte[] State) saved, string methodName, TrainableMethod method, OptimizerHelper optimizer, ValidationSelection selection)
    {
        var restored = CheckpointCodec.Restore(saved.State, method.Model, optimizer);
        try
        {
            var meta = restored.Metadata;
            int epoch = restored.Epoch;
            if (!meta.TryGetValue(MethodKey, out var writer) || !meta.ContainsKey(SecondsKey))
                throw new CellFailedException($"checkpoint was not written by the cell trainer (no '{MethodKey}' / '{SecondsKey}' entries)");
            if (writer != methodName)
                throw new CellFailedException($"checkpoint was written by method '{writer}', this cell runs '{methodName}'");
            if (epoch != saved.Epoch)
                throw new CellFailedException($"checkpoint says epoch {epoch} but the sink stored it as epoch {saved.Epoch}");
            if (epoch < 0 || epoch > method.TotalEpochs)
                throw new CellFailedException($"checkpoint is at epoch {epoch}, outside this cell's {method.TotalEpochs} epochs");
            var carried = method.CarriedRngs().ToList();
            var expected = carried.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var foreign = restored.Rngs.Keys.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (foreign.Count > 0)
                throw new CellFailedException($"checkpoint holds generator state this method does not have: {string.Join(", ", foreign.Select(f => "rng." + f))}");
            foreach (var (name, rng) in carried)
            {
                if (!restored.Rngs.TryGetValue(name, out var state))
                    throw new CellFailedException($"checkpoint has no state for the '{name}' generator ('rng.{name}')");
                rng.State = state;
            }
            selection.Load(meta, restored.Extras, method.Model);
            var seconds = ParseSeconds(meta[SecondsKey]);
            if (seconds.Count != epoch)
                throw new CellFailedException($"checkpoint at epoch {epoch} lists {seconds.Count} epoch times");
            return seconds;
        }
        finally
        {
            foreach (var t in restored.Extras.Values) t.Dispose();
        }
    }

    private static List<double> ParseSeconds(string text)
    {
        var result = new List<double>();
        if (text.Length == 0) return result;
        foreach (var part in text.Split(','))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
                throw new CellFailedException($"checkpoint epoch time '{part}' is not a number of seconds");
            result.Add(v);
        }
        return result;
    }
}
