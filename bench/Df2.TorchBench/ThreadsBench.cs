using System.Diagnostics;
using Df2.Kernels;

namespace Df2.TorchBench;

/// <summary>
/// The thread setting of <see cref="TorchThreads"/>: LSTM training steps (<see cref="LstmStep"/>) run by
/// 1 or 2 slots in one process (each slot its own model on its own thread, as worker slots do), with
/// libtorch's process-wide intra-op pool at 1 or 2 threads. Reports the median step time per slot and the
/// throughput (steps per second, all slots) and the process CPU time per step (under outside load a process
/// with more runnable threads also gets a larger share of the cores, so CPU per step is the efficiency figure).
/// </summary>
public static class ThreadsBench
{
    public static void Run(BenchOptions options)
    {
        int repeats = options.Int("repeats", 20);
        foreach (var (slots, threads) in new[] { (1, 1), (1, 2), (2, 1), (2, 2) })
        {
            TorchThreads.SetThreads(threads);
            var steps = Enumerable.Range(0, slots).Select(k => new LstmStep(seed: 1 + k)).ToArray();
            foreach (var s in steps) s.Run();                                      // warm-up
            var perSlot = new double[slots][];
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, slots).Select(k => new Thread(() =>
            {
                var t = new double[repeats];
                for (int r = 0; r < repeats; r++)
                {
                    var watch = Stopwatch.StartNew();
                    steps[k].Run();
                    t[r] = watch.Elapsed.TotalSeconds;
                }
                Array.Sort(t);
                perSlot[k] = t;
            })).ToArray();
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();
            double seconds = wall.Elapsed.TotalSeconds;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (slots * repeats);
            var all = perSlot.SelectMany(t => t).Order().ToArray();
            Console.WriteLine($"slots={slots} libtorch threads={threads}: step {BenchOptions.Median(all) * 1e3:F1} ms median per slot (min {all[0] * 1e3:F1}), throughput {slots * repeats / seconds:F1} steps/s, CPU {cpu * 1e3:F0} ms per step (all threads), loadavg {BenchOptions.Load()}");
            foreach (var s in steps) s.Dispose();
        }
    }
}
