using Df2.Bench;

// Engine benchmarks. Usage: dotnet run -c Release --project bench/Df2.Bench -- <mode> [options]
//   ops                      per-op overhead on small tensors (µs per op, forward and forward+backward)
//   gemm                     GEMM throughput (GFLOP/s) at the shapes used by the LSTM and DF2 benchmarks
//   lstm [--repeats N]       2×256 LSTM training step (batch 64, 24 steps, input 1) with Adam
//   df2-synth [--epochs N] [--variant unfused|fused|fused-weighted|all]   DF2 synthetic epoch (see df2_synth_torch.py)
// Common: --threads T (worker threads of the CPU kernels; default: all cores)
var modes = new Dictionary<string, Action<BenchArgs>>
{
    ["ops"] = OpsBench.Run,
    ["gemm"] = GemmBench.Run,
    ["lstm"] = LstmBench.Run,
    ["df2-synth"] = Df2SynthBench.Run,
};
if (args.Length == 0 || !modes.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Df2.Bench <{string.Join("|", modes.Keys)}> [--threads T] [--repeats N] [--epochs N] [--variant V]");
    return 2;
}
var a = new BenchArgs(args[1..]);
Df2.Engine.Par.Threads = a.Int("threads", Environment.ProcessorCount);
Console.WriteLine($"# {args[0]}  {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC  cores={Environment.ProcessorCount} threads={Df2.Engine.Par.Threads}  {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}  SIMD={System.Numerics.Vector<float>.Count}xf32");
run(a);
return 0;
