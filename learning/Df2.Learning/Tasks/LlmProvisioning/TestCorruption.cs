using System.Globalization;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// A corruption of a test set's inputs for the paper's Fig. 2 robustness test (23D24D corrupted, regret as a
/// percentage of DFL's): applied to the normalised series before windowing, so the forecaster sees corrupted
/// context slots while regret is scored against the clean targets. The paper names the corruptions and their
/// strengths only (Cutout 0.5 %, Perlin 5 %, Gaussian 10 %); our reading, on the normalised [0, 1] scale:
/// <list type="bullet">
/// <item><c>cutout:p</c> — each slot set to 0 with probability p;</item>
/// <item><c>gaussian:σ</c> — N(0, σ²) added to each slot;</item>
/// <item><c>perlin:a</c> — 1-D Perlin (gradient) noise along time: gradients g_k ~ U(−1, 1) on a lattice every
/// <see cref="PerlinPeriod"/> slots, n(x) = lerp(g_i·u, g_{i+1}·(u − 1), 6u⁵ − 15u⁴ + 10u³), u = x − i, |n| ≤ ½,
/// scaled by 2a so its amplitude is a.</item>
/// </list>
/// The draws come from a generator seeded by the corruption's position in the list only, so every method and
/// seed is scored on the same corrupted data (paired comparisons). Its metric is regret_{set}_{Kind}.
/// </summary>
public sealed record TestCorruption(string Kind, double Strength)
{
    public const int PerlinPeriod = 8;
    private static readonly string[] Kinds = ["cutout", "gaussian", "perlin"];

    /// <summary>
    /// The generator of the <paramref name="index"/>-th corruption of a list: seeded by the position only (9001 + index), so
    /// every method, seed and family (3D-Learning's rows and the DF2 family's) is scored on the same corrupted data.
    /// </summary>
    public static Generator Stream(int index) => new(9001 + (ulong)index);

    /// <summary>"cutout:0.005,perlin:0.05,gaussian:0.1" → three corruptions; "" → none.</summary>
    public static IReadOnlyList<TestCorruption> ParseList(string text)
    {
        var list = new List<TestCorruption>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !Kinds.Contains(parts[0])
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var strength) || !(strength >= 0))
                throw new ArgumentException($"'{item}' is not kind:strength with kind one of {string.Join(", ", Kinds)} and strength ≥ 0");
            if (parts[0] == "cutout" && strength > 1) throw new ArgumentException($"'{item}': a cutout probability is at most 1");
            if (list.Any(c => c.Kind == parts[0])) throw new ArgumentException($"'{parts[0]}' is listed twice");
            list.Add(new TestCorruption(parts[0], strength));
        }
        return list;
    }

    /// <summary>The corrupted copy of <paramref name="sequences"/> (Count × 28, normalised).</summary>
    public Tensor Apply(Tensor sequences, Generator generator)
    {
        using var scope = NewDisposeScope();
        var shape = sequences.shape;
        var dtype = sequences.dtype;
        var corrupted = Kind switch
        {
            "cutout" => sequences * (rand(shape, dtype, generator: generator).to(sequences.device) >= Strength).to(dtype),
            "gaussian" => sequences + randn(shape, dtype, generator: generator).to(sequences.device) * Strength,
            "perlin" => sequences + Perlin(sequences.numel(), generator).to(dtype).to(sequences.device).reshape(shape) * (2 * Strength),
            _ => throw new InvalidOperationException(Kind),
        };
        return corrupted.MoveToOuterDisposeScope();
    }

    /// <summary>n(x) at x = t / period, t = 0..length − 1 (float64).</summary>
    public static Tensor Perlin(long length, Generator generator)
    {
        var lattice = length / PerlinPeriod + 2;
        var gradients = rand([lattice], float64, generator: generator) * 2 - 1;
        var x = arange(length, dtype: float64) / PerlinPeriod;
        var cell = x.floor();
        var u = x - cell;
        var index = cell.to(int64);
        var left = gradients.index_select(0, index) * u;
        var right = gradients.index_select(0, index + 1) * (u - 1);
        var fade = u.pow(3) * (u * (u * 6 - 15) + 10);
        return left + (right - left) * fade;
    }
}
