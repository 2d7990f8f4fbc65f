using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>DF2's attention model (eq. 2–4): S attention points, J actions per sample, query/key dimension d.</summary>
public sealed record Df2Settings(int AttentionPoints, int Actions, int KeyDimension) : ISettingsRecord<Df2Settings>
{
    public static SettingsGroup Group { get; } = new("df2", "DF2's attention model",
    [
        ParameterSpec.Int("S", 500, 1, 1_000_000, "DF2 attention points (paper: synthetic 1000, wind 500, inventory 230, vaccine 100)"),
        ParameterSpec.Int("J", 100, 1, 100_000, "DF2 actions sampled uniformly on C per (x, y) (paper 100)"),
        ParameterSpec.Int("d", 128, 1, 100_000, "DF2 query/key dimension"),
    ], Read);

    public static Df2Settings Read(CellSettings s) => new(s.Int("S"), s.Int("J"), s.Int("d"));
}
