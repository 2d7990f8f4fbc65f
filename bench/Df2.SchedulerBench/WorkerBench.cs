using System.Diagnostics;
using Df2.Grains;
using Df2.Grains.Worker;
using Df2.TestSupport;
using Df2.Kernels;
using Df2.Learning.Running;

namespace Df2.SchedulerBench;

/// <summary>
/// What training in df2-worker children costs: a child's start-up (a fresh child's first answer to an empty spin unit),
/// an idle child's resident memory, and one quick-configuration cell (quick.yaml's synthetic-convex × df2, S 200, J 20,
/// 5 epochs, n 5000) in this process vs in a warm child, alternating, both at one libtorch thread (2 slots on 2 cores).
/// </summary>
public static class WorkerBench
{
    public static void Run(int repeats)
    {
        var threads = TorchThreads.PerSlot(2);
        var starts = new List<double>();
        long rssKb = 0;
        for (var i = 0; i < repeats; i++)
        {
            using var spin = new ProcessCellExecutor(new SpinCellExecutor(), new WorkerOptions("spin", threads, TimeSpan.FromMinutes(1)));
            var clock = Stopwatch.StartNew();
            spin.Run(new CellRequest("spin-task", "spin", new Dictionary<string, string>(), i, 0), new Sink(), _ => { }, CancellationToken.None);
            starts.Add(clock.Elapsed.TotalSeconds);
            rssKb = ChildRssKb();
        }
        Console.WriteLine($"child start-up (first answer of a fresh child), {repeats} runs: median {Median(starts):0.000} s, min {starts.Min():0.000}, max {starts.Max():0.000}");
        Console.WriteLine($"idle child (spin, libtorch loaded) RSS: {rssKb / 1024.0:0.0} MiB");
        using (var spin = new ProcessCellExecutor(new SpinCellExecutor(), new WorkerOptions("spin", threads, TimeSpan.FromMinutes(1))))
        {
            // the protocol's own cost per unit: a warm child's spin cell with a quick cell's 5 progress frames and 5 acknowledged
            // checkpoints (of a few bytes; a quick cell's checkpoint size is printed below)
            var five = new CellRequest("spin-task", "spin", new Dictionary<string, string> { ["epochs"] = "5" }, 0, 0);
            spin.Run(five, new Sink(), _ => { }, CancellationToken.None);
            var trips = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                spin.Run(five, new Sink(), _ => { }, CancellationToken.None);
                trips.Add(clock.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"warm child, spin unit with 5 epochs (5 progress + 5 checkpoint frames), 20 runs: median {1000 * Median(trips):0.00} ms");
        }

        var request = new CellRequest("synthetic-convex", "df2", new Dictionary<string, string> { ["epochs"] = "5", ["S"] = "200", ["J"] = "20" }, 0, 0);
        TorchThreads.SetThreads(threads);
        using var learning = new ProcessCellExecutor(new LearningCellExecutor(), new WorkerOptions("learning", threads, TimeSpan.FromMinutes(10)));
        var executor = new LearningCellExecutor();
        // one unmeasured cell each: JIT and libtorch warm-up in this process, start-up and warm-up of the child
        var warm = (executor.Run(request, new Sink(), _ => { }, CancellationToken.None), learning.Run(request, new Sink(), _ => { }, CancellationToken.None));
        if (warm.Item1.Regret != warm.Item2.Regret) throw new InvalidOperationException("in-process and child regrets differ");
        var bytes = new Sink();
        executor.Run(request, bytes, _ => { }, CancellationToken.None);
        Console.WriteLine($"quick cell checkpoint: {bytes.Load()!.Value.State.Length / 1024.0:0.0} KiB per epoch");
        var inProcess = new List<double>();
        var child = new List<double>();
        for (var i = 0; i < 2 * repeats; i++)
        {
            // alternating which goes first, so that a load change on a shared machine hits both alike
            var (first, second) = i % 2 == 0 ? ((ICellExecutor)executor, (ICellExecutor)learning) : (learning, executor);
            foreach (var e in new[] { first, second })
            {
                var clock = Stopwatch.StartNew();
                e.Run(request, new Sink(), _ => { }, CancellationToken.None);
                (e == learning ? child : inProcess).Add(clock.Elapsed.TotalSeconds);
            }
        }
        Console.WriteLine($"idle learning child after {2 * repeats + 1} cells RSS: {ChildRssKb() / 1024.0:0.0} MiB");
        Console.WriteLine($"quick cell, {2 * repeats} runs each: in-process median {Median(inProcess):0.000} s, warm child median {Median(child):0.000} s, " +
                          $"difference {Median(child) - Median(inProcess):+0.000;-0.000} s ({100 * (Median(child) / Median(inProcess) - 1):+0.0;-0.0} %)");
        Console.WriteLine($"  in-process: {string.Join(", ", inProcess.Select(s => s.ToString("0.000")))}");
        Console.WriteLine($"  child:      {string.Join(", ", child.Select(s => s.ToString("0.000")))}");
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>VmRSS of this process's one idle df2-worker child (/proc).</summary>
    private static long ChildRssKb()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]) != Environment.ProcessId) continue;
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("df2-worker.dll")) continue;
                var line = File.ReadLines(Path.Combine(dir, "status")).First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
            catch (IOException) { }
        }
        return 0;
    }

    private sealed class Sink : ICheckpointSink
    {
        private (int, byte[])? _latest;

        public void Save(int epoch, byte[] state) => _latest = (epoch, state);

        public (int Epoch, byte[] State)? Load() => _latest;
    }
}
