using Df2.Learning.Running;
using Df2.Robust.Running;

namespace Df2.Robust.Tests;

/// <summary>
/// Every llm-provisioning method, parameterised over <see cref="RobustSettings.Methods"/> (a new method is tested
/// without touching this file): given exactly the artifacts of the dependency cells it names, it runs at a tiny
/// configuration and reports a finite regret on every test set.
/// </summary>
public class MethodRegistryTests
{
    private static readonly Dictionary<string, string> Tiny = new()
    {
        ["dfl_epochs"] = "1", ["epochs"] = "1", ["test_rows"] = "28", ["fw_steps"] = "1",
        ["unet"] = "ch=4,mult=1-2,attn=1,res=1,dropout=0.1,groups=2", ["ddpm_iters"] = "2", ["ddpm_batch"] = "4",
        ["ddpm_ckpt_every"] = "1", ["diffusion_steps"] = "12", ["t_prime"] = "3", ["rounds"] = "1", ["inner_epochs"] = "1",
        ["inner_steps"] = "1", ["adv_batch"] = "2", ["ref_images"] = "2", ["adv_images"] = "2", ["corruptions"] = "gaussian:0.1",
        // a 2-iteration DDPM cannot pass the quality gate: open it (tested in GateTests)
        ["gate_w1"] = "1e30", ["gate_outside"] = "2", ["gate_lag1"] = "3", ["gate_images"] = "2",
    };

    private static readonly Dictionary<string, byte[]> Artifacts = new(StringComparer.Ordinal);

    public static TheoryData<string> Methods() => new(RobustSettings.Methods);

    [Theory]
    [MemberData(nameof(Methods))]
    public void Runs_with_exactly_the_artifacts_of_the_dependencies_it_names(string method)
    {
        var request = new CellRequest("llm-provisioning", method, Tiny, 0, 0);
        var inputs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var d in RobustCellRunner.Dependencies(request))
        {
            var key = d.Method + string.Join(";", d.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
            if (!Artifacts.TryGetValue(key, out var bytes))
            {
                var m = RobustCellRunner.Run(new CellRequest("llm-provisioning", d.Method, d.Parameters, 0, 0), new MemorySink(), _ => { }, CancellationToken.None);
                Artifacts[key] = bytes = m.Artifact ?? throw new InvalidOperationException($"{d.Method} returned no artifact");
            }
            inputs[d.Method] = bytes;
        }
        var metrics = RobustCellRunner.Run(request with { Inputs = inputs }, new MemorySink(), _ => { }, CancellationToken.None);
        Assert.True(double.IsFinite(metrics.Regret), $"{method}: regret {metrics.Regret}");
        Assert.True(double.IsFinite(metrics.Extra["regret_23D24D_gaussian"]));
    }
}
