using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>A k-GMM forecaster and its samples (two-stage-gmm, and the warm-started dfl / so-ebm / lodl and robust DFL variants).</summary>
public sealed record GmmSettings(int Components, int Samples, double Tau) : ISettingsRecord<GmmSettings>
{
    public static SettingsGroup Group { get; } = new("gmm", "the k-GMM forecaster and its samples",
    [
        ParameterSpec.Int("k", 1, 1, 10_000, "GMM components (paper 1, 3, 10, 500, 1000)"),
        ParameterSpec.Int("samples", 100, 1, 1_000_000, "SAA / Gumbel-softmax samples per point (paper 100)"),
        ParameterSpec.Real("tau", 1.0, 1e-6, 100, "Gumbel-softmax temperature"),
    ], Read);

    public static GmmSettings Read(CellSettings s) => new(s.Int("k"), s.Int("samples"), s.Real("tau"));
}
