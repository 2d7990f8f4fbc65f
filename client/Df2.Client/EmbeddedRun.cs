using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Core;
using Df2.Specs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Df2.Client;

/// <summary>Options of an embedded run (<c>df2 run</c>). Grain state and checkpoints live under <c>OutDir/.df2</c>.</summary>
public sealed record EmbeddedRunOptions(string SpecPath, int Workers, string OutDir, string Device = "cpu", string Executor = "learning",
    TimeSpan? OutputPeriod = null);

/// <summary>What the run ended with, and how many cells an earlier run had already finished.</summary>
public sealed record EmbeddedRunResult(string SweepId, int Total, int Done, int Failed, int Cancelled, int SkippedAlreadyFinished,
    IReadOnlyList<CellView> Cells);

/// <summary>
/// The embedded mode: one silo in this process (localhost clustering on free ports, grain state in a folder,
/// checkpoints in a folder) with N worker slots, running the same grains as the cluster. Re-running the same
/// spec with the same output folder resumes: finished cells are skipped; a cell left running by a killed or
/// interrupted run belongs to a silo that is gone, so it returns to Pending and restarts from its checkpoint.
/// </summary>
public sealed class EmbeddedRun(EmbeddedRunOptions options)
{
    /// <summary>How often, at most, the outputs are rewritten while the sweep runs (unless the options say).</summary>
    public static readonly TimeSpan DefaultOutputPeriod = TimeSpan.FromSeconds(30);

    /// <summary>The sweep grain while the run is on (progress display).</summary>
    public ISweepGrain? Sweep { get; private set; }

    public int Workers => options.Workers;

    /// <summary>Parse and validate the spec: one <see cref="SweepSpecException"/> before anything is written.</summary>
    public PreparedSweep Prepare() => SweepSubmission.PrepareFile(options.SpecPath, CellExecutors.ByName(options.Executor));

    /// <summary>
    /// Runs the sweep to its end (or until <paramref name="drain"/>): results.csv, metrics.csv, table.md and plot.svg are
    /// written at the end, and every <see cref="DefaultOutputPeriod"/> while cells keep finishing.
    /// </summary>
    public async Task<EmbeddedRunResult> RunAsync(PreparedSweep sweep, Action<string>? log, CancellationToken drain)
    {
        var dir = Path.Combine(options.OutDir, ".df2");
        var settings = new ClusterSettings
        {
            ClusterId = "df2-embedded",
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
            StateFolder = Path.Combine(dir, "grains"),
            CheckpointFolder = Path.Combine(dir, "checkpoints"),
            Devices = Enumerable.Repeat(options.Device, options.Workers).ToList(),
            Executor = options.Executor,
            OnlySweep = sweep.SweepId,
        };
        using var host = new HostBuilder().UseOrleans(silo => SiloSetup.Configure(silo, settings)).Build();
        await host.StartAsync(CancellationToken.None);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var sweepGrain = grains.GetGrain<ISweepGrain>(sweep.SweepId);
            var before = await sweepGrain.StatusAsync();
            var submitted = await sweepGrain.SubmitAsync(sweep.Spec.Name, sweep.Descriptions());
            var skipped = before?.Finished ?? 0;
            if (submitted.Existing) log?.Invoke($"resuming sweep {sweep.SweepId}: {skipped} of {submitted.Cells} cells already finished");
            Sweep = sweepGrain;
            // The outputs are rewritten while the sweep runs (at most every output period, when more cells have finished),
            // so a long sweep's finished cells can be read, tabled and plotted before its end.
            var written = skipped;
            var lastWrite = System.Diagnostics.Stopwatch.StartNew();
            while (!drain.IsCancellationRequested)
            {
                var status = await sweepGrain.StatusAsync();
                if (status is not null && status.Finished == status.Total) break;
                if (status is not null && status.Finished > written && lastWrite.Elapsed >= (options.OutputPeriod ?? DefaultOutputPeriod))
                {
                    ResultsCsv.WriteOutputs(options.OutDir, await sweepGrain.AllCellsAsync(refresh: false));
                    written = status.Finished;
                    lastWrite.Restart();
                }
                try { await Task.Delay(100, drain); } catch (OperationCanceledException) { }
            }
            if (drain.IsCancellationRequested)
            {
                log?.Invoke("draining: the running cells stop at their next checkpoint");
                using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await host.Services.GetRequiredService<WorkerSlots>().DrainAsync(limit.Token);
            }
            var cells = await sweepGrain.AllCellsAsync(refresh: true);
            ResultsCsv.WriteOutputs(options.OutDir, cells);
            return new EmbeddedRunResult(sweep.SweepId, cells.Count, cells.Count(c => c.Status == CellStatus.Done),
                cells.Count(c => c.Status == CellStatus.Failed), cells.Count(c => c.Status == CellStatus.Cancelled), skipped, cells);
        }
        finally
        {
            Sweep = null;
            await host.StopAsync(CancellationToken.None);
        }
    }
}
