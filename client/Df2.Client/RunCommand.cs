using System.CommandLine;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo;

namespace Df2.Client;

/// <summary>
/// <c>df2 run spec.yaml [--workers N] [--out DIR] [--store PATH]</c>: the embedded silo. Expands the
/// sweep, runs its cells on N local workers through the SQLite store (default DIR/df2.db), writes
/// DIR/results.csv and DIR/table.md. Re-running the same spec resumes.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "sweep spec (YAML)" };
        var workers = new Option<int>("--workers") { Description = "local worker slots", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount / 2) };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "output directory (default runs/<sweep name>)" };
        var store = new Option<string?>("--store") { Description = "SQLite file (default <out>/df2.db)" };
        var executor = new Option<string>("--executor") { Description = "learning (train) or spin (scheduler test: sleeps, does not train)", DefaultValueFactory = _ => "learning" };
        var device = new Option<string>("--device") { Description = "device recorded on each cell", DefaultValueFactory = _ => "cpu" };
        var cmd = new Command("run", "run a sweep locally (embedded API + workers on a SQLite store); resumes when re-run")
            { spec, workers, outDir, store, executor, device };
        cmd.SetAction(async (pr, cancel) =>
        {
            var w = pr.GetValue(workers);
            if (w < 1) return Fail("--workers must be at least 1");
            ICellExecutor exec;
            try { exec = CellExecutors.ByName(pr.GetValue(executor)!); }
            catch (ArgumentException e) { return Fail(e.Message); }
            var specPath = pr.GetValue(spec)!.FullName;
            PreparedSweep sweep;
            var probe = new EmbeddedRun(new EmbeddedRunOptions(specPath, w, "", "", pr.GetValue(device)!), exec);
            try { sweep = probe.Prepare(); }
            catch (SweepSpecException e) { return Fail(e.Message); }
            var dir = pr.GetValue(outDir)?.FullName ?? Path.Combine("runs", sweep.Spec.Name);
            var db = pr.GetValue(store) ?? Path.Combine(dir, "df2.db");
            var run = new EmbeddedRun(new EmbeddedRunOptions(specPath, w, dir, db, pr.GetValue(device)!), exec);
            Console.WriteLine($"sweep {sweep.SweepId}: {sweep.Cells.Count} cells on {w} worker(s), store {db}");
            var result = await RunProgressView.RunAsync(run, sweep, cancel);
            Console.WriteLine($"done {result.Done}, failed {result.Failed}, cancelled {result.Cancelled} of {result.Total}" +
                              (result.SkippedAlreadyFinished > 0 ? $" ({result.SkippedAlreadyFinished} finished by an earlier run)" : ""));
            foreach (var f in result.Cells.Where(c => c.State == "failed")) Console.WriteLine($"  failed {f.Key}: {f.Reason}");
            Console.WriteLine($"wrote {Path.Combine(dir, "results.csv")} and {Path.Combine(dir, "table.md")}");
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
