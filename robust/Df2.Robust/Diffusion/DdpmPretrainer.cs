using Df2.Robust.Nets;
using Df2.Kernels.IO;
using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Robust.Running;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// Pre-trains θ0 by ε-prediction MSE (t ~ U{0..T−1}) on the training images; resumable: every
/// <see cref="DdpmSettings.CheckpointEvery"/> iterations the weights, the Adam moments and the iteration
/// go to a safetensors checkpoint, and each iteration's randomness is seeded by (seed, purpose, iteration) with one
/// generator per purpose (<see cref="StreamSeeds"/>: dropout masks, batch picks, diffusion step and noise), so a
/// resumed run gives the same weights as an uninterrupted one and no purpose shares another's draws.
/// </summary>
public static class DdpmPretrainer
{
    public sealed record Outcome(UNet Network, double FinalLoss, double Seconds);

    public static Outcome Train(DdpmSettings settings, Tensor images, Device device, int seed, ICheckpointSink sink,
        Action<EpochReport>? report, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        UNet network;
        using (var init = new Generator(StreamSeeds.For(seed, StreamPurpose.Weights))) network = new UNet(settings.Net, device, init);
        using var dropout = new Generator(0);
        GeneratorDropout.Use(network, dropout);
        using var adam = optim.Adam(network.parameters(), settings.LearningRate);
        var schedule = settings.Schedule();
        var start = 0;
        if (sink.Load() is { } saved)
        {
            var tensors = Safetensors.Load(saved.State);
            ModuleState.Restore(network, tensors, "net.");
            AdamStateCodec.Read(adam, tensors, "adam.");
            start = saved.Epoch;
        }
        using var batches = new Generator(0);
        using var noise = new Generator(0);
        var data = images.to(device);
        var last = double.NaN;
        var windowLoss = 0.0;
        var windowClock = Stopwatch.StartNew();
        network.train();
        for (var it = start; it < settings.Iterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            dropout.manual_seed((long)StreamSeeds.For(seed, StreamPurpose.Dropout, it));
            batches.manual_seed((long)StreamSeeds.For(seed, StreamPurpose.Batches, it));
            noise.manual_seed((long)StreamSeeds.For(seed, StreamPurpose.Noise, it));
            var pick = randint(0, data.shape[0], [settings.Batch], generator: batches).to(device);
            adam.zero_grad();
            var loss = schedule.DenoisingLoss((x, t) => network.call(x, t), data.index_select(0, pick), noise);
            loss.backward();
            adam.step();
            last = loss.item<float>();
            if (!double.IsFinite(last)) throw new CellFailedException($"DDPM loss became {last} at iteration {it}");
            windowLoss += last;
            if ((it + 1) % settings.CheckpointEvery == 0 || it + 1 == settings.Iterations)
            {
                var checkpoint = ModuleState.Snapshot(network, "net.");
                AdamStateCodec.Write(adam, checkpoint, "adam.", copy: true);
                sink.Save(it + 1, Safetensors.ToBytes(checkpoint));
                foreach (var t in checkpoint.Values) t.Dispose();
                var period = (it + 1) % settings.CheckpointEvery == 0 ? settings.CheckpointEvery : (it + 1) % settings.CheckpointEvery;
                report?.Invoke(new EpochReport(it + 1, settings.Iterations, windowLoss / period, windowClock.Elapsed.TotalSeconds));
                windowLoss = 0;
                windowClock.Restart();
            }
        }
        network.eval();
        return new Outcome(network, last, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Loads a finished pre-training checkpoint (weights only) into a fresh network.</summary>
    public static UNet Load(DdpmSettings settings, byte[] checkpoint, Device device)
    {
        using var unused = new Generator(0);                                   // initial weights, overwritten below
        var network = new UNet(settings.Net, device, unused);
        var tensors = Safetensors.Load(checkpoint);
        ModuleState.Restore(network, tensors, "net.");
        network.eval();
        return network;
    }

    /// <summary>The quality-gate figures the ddpm-pretrain cell stored with the weights (<see cref="DdpmGate"/>).</summary>
    public static DdpmQuality Quality(byte[] checkpoint)
    {
        var tensors = Safetensors.Load(checkpoint, out var metadata);
        foreach (var t in tensors.Values) t.Dispose();
        return DdpmQuality.FromMetadata(metadata);
    }
}
