using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>Evaluates a forecaster (normalised window → normalised next slot) on a sequence set.</summary>
public static class TestSetEvaluator
{
    /// <summary>Forecast = previous slot (the `persistence` reference; no training).</summary>
    public static Tensor Persistence(Tensor inputs) => inputs[.., -1, 0];

    /// <summary>
    /// Regret of <paramref name="forecast"/> on <paramref name="set"/>; with <paramref name="corrupt"/> the inputs
    /// are windows of the corrupted sequences and the targets stay clean (Fig. 2).
    /// </summary>
    public static RegretResult Evaluate(Func<Tensor, Tensor> forecast, SequenceSet set, TokenRange range23V,
        ProvisioningObjective objective, Device device, Func<Tensor, Tensor>? corrupt = null, int batch = 4096)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var clean = set.ToTensor(device);
        var (_, targets) = ForecastWindows.Of(clean);
        var (inputs, _) = ForecastWindows.Of(corrupt is null ? clean : corrupt(clean));
        var chunks = new List<Tensor>();
        for (long i = 0; i < inputs.shape[0]; i += batch)
            chunks.Add(forecast(inputs.narrow(0, i, Math.Min(batch, inputs.shape[0] - i))));
        var predicted = cat(chunks, 0).reshape(set.Count, SequenceSet.Predictions);
        return RegretMetric.EvaluateNormalised(predicted, targets.reshape(set.Count, SequenceSet.Predictions), range23V, objective);
    }
}
