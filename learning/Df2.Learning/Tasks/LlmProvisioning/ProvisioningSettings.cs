using Df2.Learning.Running;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// llm-provisioning's data (rows read from each file, the traces' folder), its objective preset and the Fig. 2 test
/// corruptions every row of the task is scored under (both papers' methods: a property of the task's test protocol).
/// </summary>
public sealed record ProvisioningSettings(int TestRows, string Objective, string? DataDir, IReadOnlyList<TestCorruption> Corruptions)
    : ISettingsRecord<ProvisioningSettings>
{
    public static SettingsGroup Group { get; } = new("llm-provisioning", "llm-provisioning's data and objective (3D-Learning)",
    [
        ParameterSpec.Int("test_rows", LlmProvisioningData.RowCap, SequenceSet.Length, int.MaxValue, "rows read from each file (the protocol's first 100,000)"),
        ParameterSpec.Text("objective", "paper", ["paper", "code"], "the provisioning objective: the paper's constants or the authors' code's (Table I's two blocks)"),
        ParameterSpec.Text("data_dir", "", null, "folder of the LLM traces (default: $DF2_DATA/llm-provisioning/3dlearning-5s, else shared/data/… above the working folder)"),
        ParameterSpec.Text("corruptions", "", null, "Fig. 2 test corruptions of 23D24D's inputs, scored as regret_23D24D_{kind}, e.g. cutout:0.005,perlin:0.05,gaussian:0.1"),
    ], Read);

    public static ProvisioningSettings Read(CellSettings s)
    {
        IReadOnlyList<TestCorruption> corruptions;
        try { corruptions = TestCorruption.ParseList(s.Text("corruptions")); }
        catch (ArgumentException e) { throw new ParameterException("corruptions", $"parameter 'corruptions': {e.Message}"); }
        return new(s.Int("test_rows"), s.Text("objective"), s.TextOrNull("data_dir"), corruptions);
    }
}
