using Df2.Kernels.Random;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.Learning.Running;

/// <summary>What <see cref="CheckpointCodec.Restore(byte[], nn.Module, OptimizerHelper)"/> read besides the weights and optimizer state.</summary>
public sealed record RestoredCheckpoint(
    int Epoch,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyDictionary<string, Tensor> Extras,
    IReadOnlyDictionary<string, RngState> Rngs);
