using Df2.Kernels.IO;
using Df2.Robust.Running;
using static TorchSharp.torch;

namespace Df2.Robust.Adversary;

/// <summary>
/// Everything a 3D-Learning run carries between halves: the next (round, half), the dual variable α, the
/// adversary θ with its Adam moments, the predictor w, the best predictor on validation so far ("best." tensors) and
/// the per-round figures (<see cref="Stats"/>: round{k}_clip_frac, …, which become the cell's metrics). Serialised as
/// one safetensors checkpoint whose epoch number is the count of finished halves.
/// </summary>
public sealed class DroState
{
    public int Round { get; set; }
    public DroHalf Next { get; set; } = DroHalf.Adversary;
    public double Alpha { get; set; }
    public Dictionary<string, Tensor> Tensors { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, double> Stats { get; } = new(StringComparer.Ordinal);

    private const string StatPrefix = "stat.";

    public int FinishedHalves => 2 * Round + (Next == DroHalf.Decision ? 1 : 0);

    public byte[] Serialize()
    {
        var meta = new Dictionary<string, string>
        {
            ["round"] = Round.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["next"] = Next.ToString(),
            ["alpha"] = Alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in Stats) meta[StatPrefix + k] = v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return Safetensors.ToBytes(Tensors, meta);
    }

    public static DroState Deserialize(byte[] bytes)
    {
        var tensors = Safetensors.Load(bytes, out var meta);
        var state = new DroState
        {
            Round = int.Parse(meta["round"], System.Globalization.CultureInfo.InvariantCulture),
            Next = Enum.Parse<DroHalf>(meta["next"]),
            Alpha = double.Parse(meta["alpha"], System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in tensors) state.Tensors[k] = v;
        foreach (var (k, v) in meta.Where(kv => kv.Key.StartsWith(StatPrefix, StringComparison.Ordinal)))
            state.Stats[k[StatPrefix.Length..]] = double.Parse(v, System.Globalization.CultureInfo.InvariantCulture);
        return state;
    }
}
