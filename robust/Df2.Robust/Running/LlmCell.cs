using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Learning.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Running;

/// <summary>
/// What every llm-provisioning method shares (not a runner: each method is a plug-in of its own, <see cref="Catalog"/>):
/// its validated settings, its data and objective, the artifacts of its dependency cells, and the evaluation protocol —
/// the paper's normalised regret on the validation set and every test set, the code's batch-wise variant, and the Fig. 2
/// corruptions. CellMetrics.Regret = regret_avg5 (the mean over the 5 public full test sets).
/// </summary>
public static class LlmCell
{
    /// <summary>
    /// The cell's settings: its task's records and the method's <paramref name="records"/>, every value checked once (a bad
    /// one throws naming its key), and its device.
    /// </summary>
    public static CellSettings Settings(CellRequest request, IReadOnlyList<SettingsGroup> records)
    {
        ArgumentNullException.ThrowIfNull(request);
        CellDevice.CheckFormat(request.Device);
        return new CellSettings(request.Task, request.Method, records, request.Parameters, request.Seed, request.DataSeed, request.Device);
    }

    /// <summary>The artifact of the <paramref name="method"/> dependency that the sweep passed in.</summary>
    public static byte[] Input(CellRequest request, string method) =>
        request.Inputs.TryGetValue(method, out var bytes) ? bytes
        : throw new CellFailedException($"{request.Task}/{request.Method} needs the artifact of its {method} dependency, and none was passed in " +
                                        "(a sweep runs the dependency first; a direct caller passes CellRequest.Inputs)");

    /// <summary>The data, objective and device of a cell.</summary>
    public static LlmContext Context(ProvisioningSettings data, string device) =>
        new(LlmProvisioningData.Load(LlmProvisioningData.ResolveFolder(data.DataDir), data.TestRows), ProvisioningObjective.Parse(data.Objective), new Device(device));

    /// <summary>
    /// Regret of <paramref name="forecast"/> on the validation and every test set, and on the Fig. 2 set under each
    /// of <paramref name="corruptions"/> (regret_23D24D_{kind}), into <paramref name="extra"/>; returns regret_avg5.
    /// </summary>
    public static double Evaluate(Func<Tensor, Tensor> forecast, LlmContext ctx, IReadOnlyList<TestCorruption> corruptions,
        Dictionary<string, double> extra)
    {
        extra["regret_val"] = ctx.Evaluate(forecast, ctx.Data.Validation).Normalised;
        foreach (var set in ctx.Data.Tests)
        {
            var r = ctx.Evaluate(forecast, set);
            extra[$"regret_{set.Name}"] = r.Normalised;
            extra[$"regret_bw_{set.Name}"] = r.BatchWise;
        }
        foreach (var (name, set, corrupt) in ctx.Data.Corrupted(corruptions))
            extra[$"regret_{name}"] = ctx.Evaluate(forecast, set, corrupt).Normalised;
        return LlmProvisioningData.Summarise(extra);
    }
}
