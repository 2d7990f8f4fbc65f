using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;

namespace Df2.Robust.Methods;

/// <summary>The naive reference: the last observed value of each window is the forecast (no training, no dependency).</summary>
public sealed class PersistenceMethod() : LlmMethod("persistence", "the last observed value as the forecast (naive reference, no training)")
{
    public override IReadOnlyList<SettingsGroup> Settings { get; } = [];

    public override CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var s = Read(request);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        var regret = LlmCell.Evaluate(TestSetEvaluator.Persistence, LlmCell.Context(s.Get<ProvisioningSettings>(), request.Device),
            s.Get<ProvisioningSettings>().Corruptions, extra);
        return new CellMetrics(regret, null, null, 0, clock.Elapsed.TotalSeconds, extra);
    }
}
