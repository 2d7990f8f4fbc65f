using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>docs/parameters.md is what <c>df2 params --markdown</c> prints today (regenerate it with that command).</summary>
public class ParamsCommandTests
{
    [Fact]
    public void The_parameter_reference_is_current()
    {
        var (code, output) = Cli(null, "params", "--markdown");
        Assert.Equal(0, code);
        var page = File.ReadAllText(Path.Combine(Paths.Repo, "docs", "parameters.md"));
        Assert.True(page.TrimEnd() == output.TrimEnd(), "docs/parameters.md is out of date: run `./df2 params --markdown > docs/parameters.md`");
        Assert.Contains("| `finetune_on` | text | `generated` | generated \\| real |", output);
        Assert.Contains("| `epochs` | integer | 200 | [1, 100,000] |", output);   // the trainer's
        Assert.Contains("| `epochs` | integer | 20 | ≥ 0 |", output);           // 3D-Learning's baselines'
        Assert.Contains("| 3dl | llm-provisioning | [dfl-predictor](#dfl-predictor), [ddpm](#ddpm), [ddpm-gate](#ddpm-gate), [3dl](#3dl) |", output);
    }
}
