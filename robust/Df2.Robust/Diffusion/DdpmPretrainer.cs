using Df2.Robust.Nets;
using Df2.Kernels.IO;
using System.Diagnostics;
using Df2.Learning.Running;
using Df2.Robust.Running;
using static TorchSharp.torch;

namespace Df2.Robust.Diffusion;

/// <summary>
/// Pre-trains θ0 by ε-prediction MSE (t ~ U{0..T−1}) on the training images through the one <see cref="EpochLoop"/>, an
/// "epoch" being the window of iterations between two checkpoints (every <see cref="DdpmSettings.CheckpointEvery"/>
/// iterations and after the last; progress and the sink count iterations). The checkpoint holds the weights and the Adam
/// moments; each iteration's randomness is seeded by (seed, purpose, iteration) with one generator per purpose
/// (<see cref="StreamSeeds"/>: dropout masks, batch picks, diffusion step and noise), so a resumed run gives the same
/// weights as an uninterrupted one and no purpose shares another's draws.
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
        var data = images.to(device);
        using (var training = new Training(settings, network, data, seed))
        {
            network.train();
            EpochLoop.Run(training, sink, report, "ddpm-pretrain", ct);
            network.eval();
            return new Outcome(network, training.LastLoss, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>The DDPM's iterations as windows between two checkpoints.</summary>
    private sealed class Training : IEpochTraining, IDisposable
    {
        private readonly DdpmSettings _settings;
        private readonly UNet _network;
        private readonly Tensor _data;
        private readonly int _seed;
        private readonly NoiseSchedule _schedule;
        private readonly Generator _dropout = new(0), _batches = new(0), _noise = new(0);
        private readonly TorchSharp.Modules.Adam _adam;
        private int _resumedAt;

        public Training(DdpmSettings settings, UNet network, Tensor data, int seed)
        {
            (_settings, _network, _data, _seed) = (settings, network, data, seed);
            _schedule = settings.Schedule();
            GeneratorDropout.Use(network, _dropout);
            _adam = optim.Adam(network.parameters(), settings.LearningRate);
        }

        /// <summary>The loss of the last iteration trained in this process (NaN before the first).</summary>
        public double LastLoss { get; private set; } = double.NaN;

        public int Epochs => (_settings.Iterations + _settings.CheckpointEvery - 1) / _settings.CheckpointEvery;

        public int Position(int finishedEpochs) => Math.Min(finishedEpochs * _settings.CheckpointEvery, _settings.Iterations);

        /// <summary>
        /// Weights and Adam moments after <paramref name="savedEpoch"/> iterations; the windows it finished (a checkpoint
        /// between two of this run's boundaries, from a run with other iterations, finishes its window at the next one).
        /// </summary>
        public int Restore(int savedEpoch, byte[] state)
        {
            var tensors = Safetensors.Load(state);
            ModuleState.Restore(_network, tensors, "net.");
            AdamStateCodec.Read(_adam, tensors, "adam.");
            _resumedAt = savedEpoch;
            return savedEpoch >= _settings.Iterations ? Epochs : savedEpoch / _settings.CheckpointEvery;
        }

        public double TrainEpoch(int epoch, CancellationToken cancel)
        {
            var (from, to) = (Math.Max(epoch * _settings.CheckpointEvery, _resumedAt), Position(epoch + 1));
            var sum = 0.0;
            for (var it = from; it < to; it++)
            {
                cancel.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                _dropout.manual_seed((long)StreamSeeds.For(_seed, StreamPurpose.Dropout, it));
                _batches.manual_seed((long)StreamSeeds.For(_seed, StreamPurpose.Batches, it));
                _noise.manual_seed((long)StreamSeeds.For(_seed, StreamPurpose.Noise, it));
                var pick = randint(0, _data.shape[0], [_settings.Batch], generator: _batches).to(_data.device);
                _adam.zero_grad();
                var loss = _schedule.DenoisingLoss((x, t) => _network.call(x, t), _data.index_select(0, pick), _noise);
                loss.backward();
                _adam.step();
                LastLoss = loss.item<float>();
                if (!double.IsFinite(LastLoss)) throw new CellFailedException($"DDPM loss became {LastLoss} at iteration {it}");
                sum += LastLoss;
            }
            return sum / Math.Max(1, to - from);
        }

        public void AfterEpoch(int epoch, double seconds, CancellationToken cancel) { }

        public byte[] Checkpoint(int finishedEpochs)
        {
            var checkpoint = ModuleState.Snapshot(_network, "net.");
            AdamStateCodec.Write(_adam, checkpoint, "adam.", copy: true);
            var bytes = Safetensors.ToBytes(checkpoint);
            foreach (var t in checkpoint.Values) t.Dispose();
            return bytes;
        }

        public void Dispose()
        {
            _adam.Dispose();
            _dropout.Dispose();
            _batches.Dispose();
            _noise.Dispose();
        }
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
