using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Robust.Running;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Baselines;

/// <summary>
/// Trains the forecaster with a batch loss (Adam, shuffled mini-batches from a seeded generator) and
/// selects the trained epoch with the lowest validation regret (paper's normalised regret on 23V-val). The
/// starting weights are not a candidate, so a baseline started from DFL never silently returns DFL.
/// </summary>
public static class PredictorTrainer
{
    public sealed record Outcome(double BestValidationRegret, int BestEpoch, double Seconds);

    public static Outcome Train(LstmForecaster model, Tensor inputs, Tensor targets, LlmContext ctx, IBatchLoss loss,
        TrainSettings settings, Generator generator, Action<EpochReport>? report, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var optimizer = optim.Adam(model.parameters(), settings.LearningRate);
        PerSampleLoss f = ctx.DecisionLoss;
        var best = double.PositiveInfinity;
        var bestState = ModuleState.Snapshot(model);
        var bestEpoch = 0;
        var n = inputs.shape[0];
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            model.train();
            using var order = randperm(n, generator: generator).to(ctx.Device);
            var total = 0.0;
            var batches = 0;
            for (long start = 0; start + settings.Batch <= n || (start == 0 && n > 0); start += settings.Batch)
            {
                using var scope = NewDisposeScope();
                var idx = order.narrow(0, start, Math.Min(settings.Batch, n - start));
                optimizer.zero_grad();
                var value = loss.Loss(model, inputs.index_select(0, idx), targets.index_select(0, idx), f);
                value.backward();
                optimizer.step();
                total += value.item<float>();
                batches++;
            }
            var mean = total / batches;
            if (!double.IsFinite(mean)) throw new CellFailedException($"training loss became {mean} at epoch {epoch}");
            var regret = Validate(model, ctx);
            if (regret < best)
            {
                best = regret;
                bestEpoch = epoch;
                foreach (var t in bestState.Values) t.Dispose();
                bestState = ModuleState.Snapshot(model);
            }
            report?.Invoke(new EpochReport(epoch, settings.Epochs, mean, epochClock.Elapsed.TotalSeconds));
        }
        ModuleState.Restore(model, bestState);
        foreach (var t in bestState.Values) t.Dispose();
        model.eval();
        return new Outcome(best, bestEpoch, clock.Elapsed.TotalSeconds);
    }

    public static double Validate(LstmForecaster model, LlmContext ctx)
    {
        model.eval();
        return ctx.Evaluate(x => model.call(x), ctx.Data.Validation).Normalised;
    }
}
