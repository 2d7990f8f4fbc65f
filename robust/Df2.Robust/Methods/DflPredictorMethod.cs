using System.Diagnostics;
using Df2.Kernels.IO;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using Df2.Robust.Baselines;
using Df2.Robust.Nets;
using Df2.Robust.Running;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Robust.Tasks.LlmProvisioning;
using static TorchSharp.torch;

namespace Df2.Robust.Methods;

/// <summary>
/// The dependency cell dfl-predictor: trains the DFL predictor (min_w mean_i f(y*(h_w(v_i)), c_i), validation-selected)
/// on 23V only; its artifact is the LSTM's weights, which dfl, the DRO baselines, the augmentations and 3D-L start from.
/// No regret: it is not a method a spec lists.
/// </summary>
public sealed class DflPredictorMethod() : LlmMethod(Key, "the trained DFL predictor (dependency cell: artifact = LSTM weights)")
{
    public const string Key = "dfl-predictor";

    public override IReadOnlyList<SettingsGroup> Settings { get; } = [DflPredictorSettings.Group];

    public override bool ProducesArtifact => true;

    /// <summary>What determines the DFL predictor: objective, DFL epochs, rate and batch, the data folder (when given).</summary>
    public static Dictionary<string, string> DependencyParameters(CellSettings s)
    {
        var (training, data) = (s.Get<DflPredictorSettings>().Training, s.Get<ProvisioningSettings>());
        var values = new Dictionary<string, string>
        {
            ["objective"] = data.Objective, ["dfl_epochs"] = CellDependency.Text(training.Epochs),
            ["dfl_lr"] = CellDependency.Text(training.LearningRate), ["batch"] = CellDependency.Text(training.Batch),
        };
        if (data.DataDir is { } dir) values["data_dir"] = dir;
        return values;
    }

    public override CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var s = Read(request);
        var ctx = LlmCell.Context(s.Get<ProvisioningSettings>() with { TestRows = SequenceSet.Length }, request.Device);   // trains and validates on 23V only
        var training = s.Get<DflPredictorSettings>().Training;
        using var order = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Batches));
        using var dropout = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Dropout));
        using var augment = new Generator(StreamSeeds.For(request.Seed, StreamPurpose.Noise));   // unused by the DFL loss, kept for the checkpoint's shape
        using var model = Seeded(ctx.Device, request.Seed);
        GeneratorDropout.Use(model, dropout);
        var (inputs, targets) = ForecastWindows.Of(ctx.Data.Train.ToTensor(ctx.Device));
        var outcome = ForecasterTraining.Train(model, inputs, targets, ctx, new DecisionFocusedLoss(), training, order, dropout, augment, checkpoints, progress,
            $"{request.Task}/{Key}", cancel);
        var extra = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["seconds_dfl"] = clock.Elapsed.TotalSeconds, ["regret_val"] = outcome.BestValidationRegret, ["best_epoch"] = outcome.BestEpoch,
            ["resumed_from_epoch"] = outcome.ResumedFromEpoch,
        };
        return new CellMetrics(double.NaN, null, null, training.Epochs, clock.Elapsed.TotalSeconds, extra)
        {
            Artifact = Safetensors.ToBytes(ModuleState.Snapshot(model)),
        };
    }

    /// <summary>The trained predictor, loaded from the artifact a dependent cell was given.</summary>
    public static LstmForecaster Load(CellRequest request, Device device)
    {
        using var unused = new Generator(0);                                // initial weights, overwritten below
        var model = new LstmForecaster(device, unused);
        ModuleState.Restore(model, Safetensors.Load(LlmCell.Input(request, Key)));
        return model;
    }

    private static LstmForecaster Seeded(Device device, int seed)
    {
        using var init = new Generator(StreamSeeds.For(seed, StreamPurpose.Weights));   // initial weights only
        return new LstmForecaster(device, init);
    }
}
