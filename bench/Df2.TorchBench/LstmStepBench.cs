using System.Diagnostics;

namespace Df2.TorchBench;

/// <summary>
/// One training step of a 2-layer, 256-unit LSTM (batch 64, 24 steps, input 1) with a Linear(256, 1) head
/// on the last hidden state, MSE loss, backward and Adam — the shapes of bench/Df2.Bench's LstmBench
/// (old engine) and torch_peers.py "lstm" (PyTorch).
/// </summary>
public static class LstmStepBench
{
    public static void Run(BenchOptions options)
    {
        int repeats = options.Int("repeats", 20);
        using var step = new LstmStep(seed: 1);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var seconds = BenchOptions.Time(repeats, step.Run);
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (repeats + 1);
        Console.WriteLine($"lstm 2x256 step (B=64, T=24, I=1): {BenchOptions.Summary(seconds, 1e3, "ms")}; CPU {cpu * 1e3:F1} ms per step (all threads); final loss {step.LastLoss:F4}");
    }
}
