using System.CommandLine;
using Df2.GrainInterfaces;
using Df2.Silo;

namespace Df2.Client;

/// <summary>
/// Commands against a running silo API: submit, status, watch, table, cancel, workers.
/// <c>--silo URL</c> (env DF2_SILO, default http://localhost:8080); token from <c>--token</c> or env DF2_TOKEN.
/// </summary>
public static class ClusterCommands
{
    private static readonly Option<string> Silo = new("--silo")
    {
        Description = "silo API URL (env DF2_SILO)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DF2_SILO") ?? "http://localhost:8080",
    };

    private static readonly Option<string?> Token = new("--token") { Description = "bearer token (default: env DF2_TOKEN)" };

    private static ApiClient Client(ParseResult pr) =>
        new(pr.GetValue(Silo)!, pr.GetValue(Token) ?? Environment.GetEnvironmentVariable("DF2_TOKEN"));

    /// <summary>Run a client call; API/network errors become one line on stderr and exit code 1.</summary>
    private static async Task<int> Call(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (ApiException e) { Console.Error.WriteLine($"df2: error: {e.Message}"); return 1; }
        catch (HttpRequestException e) { Console.Error.WriteLine($"df2: error: cannot reach the silo: {e.Message}"); return 1; }
    }

    public static IEnumerable<Command> Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "sweep spec (YAML)" };
        var submit = new Command("submit", "submit a sweep to a silo (all cells or none)") { spec, Silo, Token };
        submit.SetAction((pr, c) => Call(async () =>
        {
            var file = pr.GetValue(spec)!;
            if (!file.Exists) return RunCommand.Fail($"{file.FullName}: spec file not found");
            using var api = Client(pr);
            var r = await api.SubmitAsync(new SubmitRequest(await File.ReadAllTextAsync(file.FullName, c), file.Name), c);
            Console.WriteLine(r.Existing ? $"sweep {r.SweepId} already submitted ({r.Cells} cells)" : $"submitted sweep {r.SweepId} ({r.Cells} cells)");
            return 0;
        }));
        yield return submit;

        var statusSweep = new Argument<string?>("sweep") { Description = "sweep id (default: all sweeps)", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "show sweeps (or one sweep's cells)") { statusSweep, Silo, Token };
        status.SetAction((pr, c) => Call(async () =>
        {
            using var api = Client(pr);
            if (pr.GetValue(statusSweep) is { } id)
            {
                foreach (var cell in await api.CellsAsync(id, c))
                    Console.WriteLine($"{cell.State,-9} {cell.Key} attempt {cell.Attempt}" +
                                      (cell.Result is { } r ? $" regret {r.Regret:G6}" : "") + (cell.Reason is { } why ? $" ({why})" : ""));
                return 0;
            }
            foreach (var s in await api.SweepsAsync(c))
                Console.WriteLine($"{s.SweepId} {s.State} {string.Join(" ", s.Counts.Select(kv => $"{kv.Key}={kv.Value}"))} total={s.Total}");
            return 0;
        }));
        yield return status;

        var watchSweep = new Argument<string>("sweep") { Description = "sweep id" };
        var watch = new Command("watch", "live progress of a sweep until it finishes") { watchSweep, Silo, Token };
        watch.SetAction((pr, c) => Call(async () =>
        {
            using var api = Client(pr);
            return await WatchView.RunAsync(api, pr.GetValue(watchSweep)!, c);
        }));
        yield return watch;

        var tableSweep = new Argument<string>("sweep") { Description = "sweep id" };
        var format = new Option<string>("--format") { Description = "md, csv or latex", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "csv", "latex");
        var table = new Command("table", "the sweep's results table") { tableSweep, format, Silo, Token };
        table.SetAction((pr, c) => Call(async () =>
        {
            using var api = Client(pr);
            Console.Write(await api.TableAsync(pr.GetValue(tableSweep)!, pr.GetValue(format)!, c));
            return 0;
        }));
        yield return table;

        var cancelSweep = new Argument<string>("sweep") { Description = "sweep id" };
        var cancelCmd = new Command("cancel", "cancel a sweep's unfinished cells") { cancelSweep, Silo, Token };
        cancelCmd.SetAction((pr, c) => Call(async () =>
        {
            using var api = Client(pr);
            var r = await api.CancelAsync(pr.GetValue(cancelSweep)!, c);
            Console.WriteLine(r.Message);
            return 0;
        }));
        yield return cancelCmd;

        var workers = new Command("workers", "list workers known to the silo") { Silo, Token };
        workers.SetAction((pr, c) => Call(async () =>
        {
            using var api = Client(pr);
            foreach (var w in await api.WorkersAsync(c))
                Console.WriteLine($"{w.Worker} {w.Device} last seen {w.LastSeen:HH:mm:ss} cell {w.CellId?.ToString() ?? "-"} completed {w.Completed}");
            return 0;
        }));
        yield return workers;
    }
}
