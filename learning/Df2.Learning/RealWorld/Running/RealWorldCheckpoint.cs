using System.Globalization;
using Df2.Engine;
using Df2.Engine.Optim;
using Df2.Learning.RealWorld.Methods;
using Df2.Learning.Running;

namespace Df2.Learning.RealWorld.Running;

/// <summary>
/// A real-world cell's epoch checkpoint: the <see cref="CheckpointCodec"/> document (model parameters and
/// buffers, Adam moments and step, finished epochs) plus metadata: <c>method</c> = the registry name (two
/// methods may share a network shape), <c>rng.&lt;name&gt;</c> = the
/// state of every generator in <see cref="RealWorldMethod.CarriedRngs"/> (xoshiro256** words and the pending
/// normal, hex), and <c>epoch_seconds</c> = the wall time of every finished epoch, so that the per-phase
/// epoch times of a resumed cell still cover all its epochs; the <see cref="ValidationSelection"/> state
/// (kept best parameters as "extra.best.&lt;name&gt;", best regret / epoch / history as <c>select.*</c>).
/// </summary>
public static class RealWorldCheckpoint
{
    private const string RngPrefix = "rng.", SecondsKey = "epoch_seconds", MethodKey = "method";

    /// <summary>The checkpoint after <c>epochSeconds.Count</c> finished epochs.</summary>
    public static byte[] Save(string methodName, RealWorldMethod method, Optimizer optimizer, IReadOnlyList<double> epochSeconds, ValidationSelection selection)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MethodKey] = methodName,
            [SecondsKey] = string.Join(",", epochSeconds.Select(s => s.ToString("R", CultureInfo.InvariantCulture))),
        };
        foreach (var (name, rng) in method.CarriedRngs()) meta[RngPrefix + name] = Format(rng.State);
        foreach (var (k, v) in selection.Metadata()) meta[k] = v;
        return CheckpointCodec.Save(method.Model, optimizer, epochSeconds.Count, meta, selection.Tensors());
    }

    /// <summary>
    /// Restores model, optimizer and carried generators in place and returns the seconds of the finished
    /// epochs (their count is the epoch to continue after). Throws <see cref="CellFailedException"/> with
    /// one message when the checkpoint does not belong to this cell.
    /// </summary>
    public static List<double> Restore((int Epoch, byte[] State) saved, string methodName, RealWorldMethod method, Optimizer optimizer, ValidationSelection selection)
    {
        int epoch = CheckpointCodec.Restore(saved.State, method.Model, optimizer, out var meta, out var extras);
        if (!meta.TryGetValue(MethodKey, out var writer) || !meta.ContainsKey(SecondsKey))
            throw new CellFailedException($"checkpoint was not written by the real-world runner (no '{MethodKey}' / '{SecondsKey}' entries)");
        if (writer != methodName)
            throw new CellFailedException($"checkpoint was written by method '{writer}', this cell runs '{methodName}'");
        if (epoch != saved.Epoch)
            throw new CellFailedException($"checkpoint says epoch {epoch} but the sink stored it as epoch {saved.Epoch}");
        if (epoch < 0 || epoch > method.TotalEpochs)
            throw new CellFailedException($"checkpoint is at epoch {epoch}, outside this cell's {method.TotalEpochs} epochs");
        var carried = method.CarriedRngs().ToList();
        var expected = carried.Select(c => RngPrefix + c.Name).ToHashSet(StringComparer.Ordinal);
        var foreign = meta.Keys.Where(k => k.StartsWith(RngPrefix, StringComparison.Ordinal) && !expected.Contains(k)).ToList();
        if (foreign.Count > 0)
            throw new CellFailedException($"checkpoint holds generator state this method does not have: {string.Join(", ", foreign)}");
        foreach (var (name, rng) in carried)
        {
            if (!meta.TryGetValue(RngPrefix + name, out var text))
                throw new CellFailedException($"checkpoint has no state for the '{name}' generator ('{RngPrefix}{name}')");
            rng.State = Parse(text, name);
        }
        selection.Load(meta, extras, method.Model);
        var seconds = ParseSeconds(meta[SecondsKey]);
        if (seconds.Count != epoch)
            throw new CellFailedException($"checkpoint at epoch {epoch} lists {seconds.Count} epoch times");
        return seconds;
    }

    private static string Format(RngState s) =>
        string.Join(":", new[] { s.S0, s.S1, s.S2, s.S3 }.Select(w => w.ToString("x16", CultureInfo.InvariantCulture)))
        + ":" + (s.SpareNormal is float f ? BitConverter.SingleToUInt32Bits(f).ToString("x8", CultureInfo.InvariantCulture) : "-");

    private static RngState Parse(string text, string name)
    {
        var parts = text.Split(':');
        var words = new ulong[4];
        bool ok = parts.Length == 5;
        for (int i = 0; ok && i < 4; i++) ok = ulong.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i]);
        uint bits = 0;
        ok = ok && (parts[4] == "-" || uint.TryParse(parts[4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bits));
        if (!ok || (words[0] | words[1] | words[2] | words[3]) == 0)
            throw new CellFailedException($"checkpoint state of the '{name}' generator is malformed: '{text}'");
        return new RngState(words[0], words[1], words[2], words[3], parts[4] == "-" ? null : BitConverter.UInt32BitsToSingle(bits));
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
