using System.CommandLine;
using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Core;
using Df2.Specs;

namespace Df2.Client;

/// <summary>Commands against a running cluster through the Orleans client: submit, status, watch, table, cancel, workers.</summary>
public static class ClusterCommands
{
    public static IEnumerable<Command> Create()
    {
        var cluster = new ClusterOptions();
        var spec = new Argument<FileInfo>("spec") { Description = "sweep spec (YAML)" };
        var executor = new Option<string>("--executor") { Description = "validate for: learning (default; tests add executors of their own)", DefaultValueFactory = _ => "learning" };
        var submit = new Command("submit", "validate a sweep, then submit it to the cluster (nothing is stored when the spec is bad)") { spec, executor };
        cluster.AddTo(submit);
        submit.SetAction(async (pr, c) =>
        {
            PreparedSweep sweep;
            try { sweep = SweepSubmission.PrepareFile(pr.GetValue(spec)!.FullName, CellExecutors.ByName(pr.GetValue(executor)!)); }
            catch (SweepSpecException e) { Console.Error.WriteLine($"df2: error: {e.Message}"); return 1; }
            catch (ArgumentException e) { return RunCommand.Fail(e.Message); }
            return await cluster.Call(pr, c, async grains =>
            {
                var r = await grains.GetGrain<ISweepGrain>(sweep.SweepId).SubmitAsync(sweep.Spec.Name, sweep.Descriptions());
                Console.WriteLine(r.Existing ? $"sweep {r.SweepId} already submitted ({r.Cells} cells)" : $"submitted sweep {r.SweepId} ({r.Cells} cells)");
                return 0;
            });
        });
        yield return submit;

        var statusSweep = new Argument<string?>("sweep") { Description = "sweep id (default: all sweeps)", Arity = ArgumentArity.ZeroOrOne };
        var statusPage = new Option<int>("--page") { Description = "page of cells to list, from 0 (with a sweep id)", DefaultValueFactory = _ => 0 };
        var statusSize = new Option<int>("--size") { Description = $"cells per page, 1 to {CellQuery.MaxSize}", DefaultValueFactory = _ => CellQuery.DefaultSize };
        var statusFilter = new Option<string?>("--status") { Description = "only cells in this state: pending, running, done, failed or cancelled" };
        statusFilter.AcceptOnlyFromAmong("pending", "running", "done", "failed", "cancelled");
        var statusTask = new Option<string?>("--task") { Description = "only cells of this task" };
        var statusMethod = new Option<string?>("--method") { Description = "only cells of this method" };
        var status = new Command("status", "show sweeps (or one page of a sweep's cells)") { statusSweep, statusPage, statusSize, statusFilter, statusTask, statusMethod };
        cluster.AddTo(status);
        status.SetAction((pr, c) => cluster.Call(pr, c, async grains =>
        {
            if (pr.GetValue(statusSweep) is { } id)
            {
                var sweep = grains.GetGrain<ISweepGrain>(id);
                if (await sweep.StatusAsync() is not { } s) return NoSweep(id);
                if (pr.GetValue(statusSize) is < 1 or > CellQuery.MaxSize || pr.GetValue(statusPage) < 0)
                    return RunCommand.Fail($"--page must be ≥ 0 and --size 1 to {CellQuery.MaxSize}");
                CellStatus? only = pr.GetValue(statusFilter) is { } f ? Enum.Parse<CellStatus>(f, ignoreCase: true) : null;
                var page = await sweep.CellsAsync(new CellQuery(pr.GetValue(statusPage), pr.GetValue(statusSize), only,
                    pr.GetValue(statusTask), pr.GetValue(statusMethod), Refresh: true));
                foreach (var cell in page.Cells)
                    Console.WriteLine($"{cell.State,-9} {cell.Key} attempt {cell.Attempt}" +
                                      (cell.Result is { } r ? $" regret {r.Regret:G6}" : "") + (cell.Reason is { } why ? $" ({why})" : ""));
                if (page.Pages > 1 || page.Page > 0)
                    Console.WriteLine($"page {page.Page} of {page.Pages} ({page.Matching} matching of {s.Total} cells; --page N for another)");
                return 0;
            }
            foreach (var sweepId in await grains.GetGrain<IClusterIndexGrain>(0).SweepsAsync())
                if (await grains.GetGrain<ISweepGrain>(sweepId).StatusAsync() is { } s)
                    Console.WriteLine($"{s.SweepId} {s.State} {string.Join(" ", s.Counts.Select(kv => $"{kv.Key}={kv.Value}"))} total={s.Total}");
            return 0;
        }));
        yield return status;

        var watchSweep = new Argument<string>("sweep") { Description = "sweep id" };
        var watch = new Command("watch", "live progress bars of a sweep until it finishes") { watchSweep };
        cluster.AddTo(watch);
        watch.SetAction((pr, c) => cluster.Call(pr, c, grains => WatchView.RunAsync(grains, pr.GetValue(watchSweep)!, c)));
        yield return watch;

        var tableSweep = new Argument<string>("sweep") { Description = "sweep id" };
        var format = new Option<string>("--format") { Description = "md, csv, latex or svg", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "csv", "latex", "svg");
        var table = new Command("table", "the sweep's results table") { tableSweep, format };
        cluster.AddTo(table);
        table.SetAction((pr, c) => cluster.Call(pr, c, async grains =>
        {
            var id = pr.GetValue(tableSweep)!;
            if (await grains.GetGrain<ISweepGrain>(id).StatusAsync() is null) return NoSweep(id);
            var f = pr.GetValue(format) switch { "csv" => TableFormat.Csv, "latex" => TableFormat.Latex, "svg" => TableFormat.Svg, _ => TableFormat.Markdown };
            Console.Write(await grains.GetGrain<ISweepGrain>(id).TableAsync(f));
            return 0;
        }));
        yield return table;

        var resultsSweep = new Argument<string>("sweep") { Description = "sweep id" };
        var resultsOut = new Option<string>("--out") { Description = "folder for results.csv, metrics.csv, table.md and plot.svg", Required = true };
        var results = new Command("results", "write a cluster sweep's outputs exactly as df2 run does (full precision)") { resultsSweep, resultsOut };
        cluster.AddTo(results);
        results.SetAction((pr, c) => cluster.Call(pr, c, async grains =>
        {
            var id = pr.GetValue(resultsSweep)!;
            var sweep = grains.GetGrain<ISweepGrain>(id);
            if (await sweep.StatusAsync() is null) return NoSweep(id);
            var dir = pr.GetValue(resultsOut)!;
            ResultsCsv.WriteOutputs(dir, await sweep.AllCellsAsync(refresh: true));
            Console.WriteLine($"wrote {Path.Combine(dir, "results.csv")}, {Path.Combine(dir, "metrics.csv")}, {Path.Combine(dir, "table.md")} and {Path.Combine(dir, "plot.svg")}");
            return 0;
        }));
        yield return results;

        var cancelSweep = new Argument<string>("sweep") { Description = "sweep id" };
        var cancelCmd = new Command("cancel", "cancel a sweep's unfinished cells") { cancelSweep };
        cluster.AddTo(cancelCmd);
        cancelCmd.SetAction((pr, c) => cluster.Call(pr, c, async grains =>
        {
            var id = pr.GetValue(cancelSweep)!;
            var sweep = grains.GetGrain<ISweepGrain>(id);
            var n = await sweep.CancelAsync($"df2 cancel ({Environment.UserName}@{Environment.MachineName})");
            if (n < 0) return NoSweep(id);
            var status = await sweep.StatusAsync();
            Console.WriteLine(status is { Cancelled: false } ? $"sweep {id} had already finished; nothing to cancel" : $"{n} cells cancelled");
            return 0;
        }));
        yield return cancelCmd;

        var workers = new Command("workers", "list the worker slots of the live silos");
        cluster.AddTo(workers);
        workers.SetAction((pr, c) => cluster.Call(pr, c, async grains =>
        {
            foreach (var w in await grains.GetGrain<IClusterIndexGrain>(0).WorkersAsync())
                Console.WriteLine($"{w.Worker} {w.Device} {(w.Draining ? "draining" : "up")} cell {w.CellKey ?? "-"} completed {w.Completed} failed {w.Failed} seen {w.LastSeen:HH:mm:ss}");
            return 0;
        }));
        yield return workers;
    }

    private static int NoSweep(string id)
    {
        Console.Error.WriteLine($"df2: error: no sweep '{id}'");
        return 1;
    }
}
