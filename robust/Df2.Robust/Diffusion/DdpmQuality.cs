using System.Globalization;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// How plausible a DDPM's sequences are next to real ones (the issue-18 gate): W1 between the pixel-value marginals,
/// the share of generated values outside the data domain [0, 1], and the lag-1 autocorrelation of the generated and
/// the real sequences (pooled over the pairs (x_t, x_{t+1}) inside each 28-slot sequence).
/// </summary>
public sealed record DdpmQuality(double W1, double OutsideShare, double Lag1, double RealLag1)
{
    public const string Prefix = "ddpm_gate_";

    public double Lag1Gap => Math.Abs(Lag1 - RealLag1);

    /// <summary>Generated and real sequences, each n × 28 in the normalised space.</summary>
    public static DdpmQuality Measure(Tensor generated, Tensor real)
    {
        using var scope = NewDisposeScope();
        var outside = (generated.lt(0) | generated.gt(1)).to(float64).mean().item<double>();
        return new DdpmQuality(MarginalDistance.W1(generated, real), outside, Lag1Autocorrelation(generated), Lag1Autocorrelation(real));
    }

    /// <summary>Pearson correlation of the pairs (x[i, t], x[i, t + 1]) over every row i and slot t.</summary>
    public static double Lag1Autocorrelation(Tensor sequences)
    {
        using var scope = NewDisposeScope();
        var x = sequences.to(float64);
        var a = x[.., ..^1].flatten();
        var b = x[.., 1..].flatten();
        var da = a - a.mean();
        var db = b - b.mean();
        return ((da * db).sum() / ((da * da).sum() * (db * db).sum()).sqrt()).item<double>();
    }

    /// <summary>The figures as metrics (metrics.csv columns): ddpm_gate_w1, _outside, _lag1, _lag1_real, _lag1_gap.</summary>
    public IReadOnlyDictionary<string, double> Metrics() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [Prefix + "w1"] = W1, [Prefix + "outside"] = OutsideShare, [Prefix + "lag1"] = Lag1, [Prefix + "lag1_real"] = RealLag1,
        [Prefix + "lag1_gap"] = Lag1Gap,
    };

    /// <summary>The figures as safetensors metadata, so that they travel with the DDPM's weights to every dependent cell.</summary>
    public Dictionary<string, string> ToMetadata() =>
        Metrics().ToDictionary(kv => kv.Key, kv => kv.Value.ToString("R", CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public static DdpmQuality FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        double Get(string key) => metadata.TryGetValue(Prefix + key, out var s) ? double.Parse(s, CultureInfo.InvariantCulture)
            : throw new InvalidDataException($"the DDPM artifact has no '{Prefix + key}' (pre-trained before the quality gate existed?)");
        return new DdpmQuality(Get("w1"), Get("outside"), Get("lag1"), Get("lag1_real"));
    }
}
