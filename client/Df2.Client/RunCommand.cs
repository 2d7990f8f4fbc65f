using System.Runtime.InteropServices;
using Df2.Grains;
using System.CommandLine;
using Df2.GrainInterfaces;
using Df2.Silo.Core;
using Df2.Specs;

namespace Df2.Client;

/// <summary>
/// <c>df2 run spec.yaml [--workers N] [--out DIR]</c>: the embedded silo. Validates the sweep, runs its cells on
/// N local worker slots of an in-process silo (state in DIR/.df2), writes DIR/results.csv, DIR/metrics.csv, DIR/table.md and DIR/plot.svg.
/// Re-running the same spec resumes; Ctrl-C drains.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "sweep spec (YAML)" };
        var workers = new Option<int>("--workers") { Description = "local worker slots", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount / 2) };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "output directory (default runs/<sweep name>)" };
        var executor = new Option<string>("--executor") { Description = "learning (train; the only built-in executor; tests add executors of their own)", DefaultValueFactory = _ => "learning" };
        var device = new Option<string>("--device") { Description = "device of every slot (cpu, cuda:0)", DefaultValueFactory = _ => "cpu" };
        var cmd = new Command("run", "run a sweep locally (an in-process silo with N worker slots); resumes when re-run")
            { spec, workers, outDir, executor, device };
        cmd.SetAction(async (pr, cancel) =>
        {
            var w = pr.GetValue(workers);
            if (w < 1) return Fail("--workers must be at least 1");
            var specPath = pr.GetValue(spec)!.FullName;
            PreparedSweep sweep;   // prepared once: parsed, expanded, validated, dependencies added, step plans asked
            try { sweep = SweepSubmission.PrepareFile(specPath, CellExecutors.ByName(pr.GetValue(executor)!)); }
            catch (Exception e) when (e is SweepSpecException or ArgumentException) { return Fail(e.Message); }
            var dir = pr.GetValue(outDir)?.FullName ?? Path.Combine("runs", sweep.Spec.Name);
            var run = new EmbeddedRun(new EmbeddedRunOptions(specPath, w, dir, pr.GetValue(device)!, pr.GetValue(executor)!));
            Console.WriteLine($"sweep {sweep.SweepId}: {sweep.Cells.Count} cells on {w} worker(s), state {Path.Combine(dir, ".df2")}");
            // SIGTERM (kill, a container stop, a batch scheduler) drains like Ctrl-C: running cells stop at their next epoch
            // and keep their checkpoints; the process then writes its outputs and exits 130
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; drain.Cancel(); });
            cancel = drain.Token;
            var result = await RunProgressView.RunAsync(run, sweep, cancel);
            Console.WriteLine($"done {result.Done}, failed {result.Failed}, cancelled {result.Cancelled} of {result.Total}" +
                              (result.SkippedAlreadyFinished > 0 ? $" ({result.SkippedAlreadyFinished} finished by an earlier run)" : ""));
            foreach (var f in result.Cells.Where(c => c.Status == CellStatus.Failed)) Console.WriteLine($"  failed {f.Key}: {f.Reason}");
            Console.WriteLine($"wrote {Path.Combine(dir, "results.csv")}, {Path.Combine(dir, "metrics.csv")}, {Path.Combine(dir, "table.md")} and {Path.Combine(dir, "plot.svg")}");
            if (cancel.IsCancellationRequested) { Console.WriteLine("interrupted: re-run the same command to resume"); return 130; }
            return result.Failed > 0 ? 1 : 0;
        });
        return cmd;
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"df2: error: {message}");
        return 2;
    }
}
