using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Nets;

/// <summary>The shared feature network every DF2-family method of a task uses (<see cref="SequenceEncoder"/>).</summary>
public sealed record EncoderSettings(string Kind, int Hidden, int Layers, int NodeHidden) : ISettingsRecord<EncoderSettings>
{
    /// <summary>The feature networks a cell may name in <c>encoder</c>.</summary>
    public static readonly string[] Kinds = ["mlp", "lstm", "dcrnn"];

    public static SettingsGroup Group { get; } = new("encoder", "the shared feature network (every DF2-family method)",
    [
        ParameterSpec.Text("encoder", "lstm", Kinds, "feature network: mlp (synthetic), lstm (wind, inventory, llm-provisioning), dcrnn (vaccine); the task sets its default"),
        ParameterSpec.Int("hidden", 256, 1, 100_000, "encoder hidden size (paper: synthetic 128, wind 256, inventory 128, vaccine 128)"),
        ParameterSpec.Int("layers", 2, 1, 16, "lstm / dcrnn encoder layers (paper 2)"),
        ParameterSpec.Int("node_hidden", 16, 1, 10_000, "dcrnn encoder: hidden size per node (paper 128; 16 to fit 2 CPU cores)"),
    ], Read);

    public static EncoderSettings Read(CellSettings s) => new(s.Text("encoder"), s.Int("hidden"), s.Int("layers"), s.Int("node_hidden"));
}
