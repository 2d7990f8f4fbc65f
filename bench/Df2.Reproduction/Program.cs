// Reproduction harness: runs cells through CellRunner.Run directly (no cluster), with W workers,
// and appends one CSV row per finished cell. Usage:
//   dotnet run -c Release --project bench/Df2.Reproduction -- --out results.csv --workers 2
//     --tasks synthetic-convex,synthetic-nonconvex --methods df2,policy-net,two-stage-pe,two-stage-gmm
//     --seeds 0,1 [--variants two-stage-gmm:k=1|3|10] [--set epochs=5 --set S=200 ...]
//     [--method-set df2:S=200]
//   dotnet run -c Release --project bench/Df2.Reproduction -- --summarize results.csv   (Markdown table)
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Df2.Learning.Running;
using Df2.Reproduction;

if (args.Length == 2 && args[0] == "--summarize")
{
    Console.Write(ResultSummary.ToMarkdown(args[1]));
    return;
}
var options = RunnerOptions.Parse(args);
var cells = options.Cells().ToList();
Console.WriteLine($"{cells.Count} cells, {options.Workers} workers → {options.Out}");
var queue = new ConcurrentQueue<CellPlan>(cells);
var total = Stopwatch.StartNew();
var writer = new ResultWriter(options.Out);
var threads = Enumerable.Range(0, options.Workers).Select(_ => new Thread(() =>
{
    while (queue.TryDequeue(out var cell))
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var m = CellRunner.Run(cell.Request, new NullSink(), _ => { }, CancellationToken.None);
            writer.Write(cell, m, watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cell.Key}: regret {m.Regret:F4} gap {m.Gap:F4} epoch {m.Extra.GetValueOrDefault("seconds_per_epoch", double.NaN):F2}s total {watch.Elapsed.TotalSeconds:F1}s"));
        }
        catch (Exception e) { Console.WriteLine($"{cell.Key}: FAILED {e.Message}"); }
    }
})).ToList();
threads.ForEach(t => t.Start());
threads.ForEach(t => t.Join());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep wall time {total.Elapsed.TotalSeconds:F1} s"));

/// <summary>Checkpoints are not kept by the harness.</summary>
sealed class NullSink : ICheckpointSink
{
    public void Save(int epoch, byte[] state) { }
    public (int Epoch, byte[] State)? Load() => null;
}
