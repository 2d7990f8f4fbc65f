using Df2.Kernels;
using Df2.TorchBench;
using static TorchSharp.torch;

// TorchSharp benchmarks. Usage: dotnet run -c Release --project bench/Df2.TorchBench -- <mode> [--threads T] [options]
//   cell-epoch [--task wind] [--method df2] [--batches N] [--epochs N] [--set k=v,...]   a real cell's training batches
//              (its task, method, optimizer and step; paper shapes by default), with the floor and the gap to it
//   lstm       [--repeats N]                          2×256 LSTM training step (batch 64, 24 steps, input 1), Adam
//   threads    [--repeats N]                          LSTM step: 1 or 2 slots × 1 or 2 libtorch threads
//   kernels    [--repeats N] [--paths fused,plain]    the fused weighted ops alone (one DF2 batch, fwd+bwd)
// --threads T sets libtorch's intra-op pool and the kernels' loops (default: all cores).
var modes = new Dictionary<string, Action<BenchOptions>>
{
    ["cell-epoch"] = CellEpochBench.Run,
    ["lstm"] = LstmStepBench.Run,
    ["threads"] = ThreadsBench.Run,
    ["kernels"] = KernelBench.Run,
};
if (args.Length == 0 || !modes.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Df2.TorchBench <{string.Join("|", modes.Keys)}> [--threads T] [options]");
    return 2;
}
var options = new BenchOptions(args[1..]);
TorchThreads.SetThreads(options.Int("threads", Environment.ProcessorCount));
Console.WriteLine($"# {args[0]}  {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC  cores={Environment.ProcessorCount} threads={get_num_threads()}  "
    + $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}  TorchSharp 0.107 (libtorch 2.10)  "
    + $"SIMD={System.Numerics.Vector<float>.Count}xf32  loadavg {BenchOptions.Load()}");
run(options);
return 0;
