using TorchSharp;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>The LSTM training step's model, optimizer and fixed batch (one per benchmark slot).</summary>
public sealed class LstmStep : IDisposable
{
    private readonly TorchSharp.Modules.LSTM _lstm;
    private readonly TorchSharp.Modules.Linear _head;
    private readonly optim.Optimizer _adam;
    private readonly Tensor _x, _y;

    public float LastLoss { get; private set; }

    public LstmStep(long seed)
    {
        var gen = new Generator((ulong)seed);
        manual_seed(seed);
        _lstm = nn.LSTM(1, 256, numLayers: 2, batchFirst: true);
        _head = nn.Linear(256, 1);
        _adam = optim.Adam(_lstm.parameters().Concat(_head.parameters()), 1e-3);
        _x = randn(64, 24, 1, generator: gen);
        _y = randn(64, 1, generator: gen);
    }

    public void Run()
    {
        using var scope = NewDisposeScope();
        _adam.zero_grad();
        var (output, _, _) = _lstm.call(_x);                 // [64, 24, 256]
        var loss = (_head.call(output.select(1, -1)) - _y).square().mean();
        loss.backward();
        _adam.step();
        LastLoss = loss.item<float>();
    }

    public void Dispose()
    {
        _lstm.Dispose(); _head.Dispose(); _adam.Dispose(); _x.Dispose(); _y.Dispose();
    }
}
