using Df2.GrainInterfaces;

namespace Df2.Client;

/// <summary><c>df2 watch</c>: progress bars (overall + running cells) until the sweep finishes; plain lines when not a terminal.</summary>
public static class WatchView
{
    public static async Task<int> RunAsync(IGrainFactory grains, string sweepId, CancellationToken cancel)
    {
        var sweep = grains.GetGrain<ISweepGrain>(sweepId);
        if (await sweep.StatusAsync() is null)
        {
            Console.Error.WriteLine($"df2: error: no sweep '{sweepId}'");
            return 1;
        }
        var progress = (await SweepProgress.ReadAsync(sweep))!;
        var workers = Math.Max(1, (await grains.GetGrain<IClusterIndexGrain>(0).WorkersAsync()).Count);
        if (!ProgressBars.Interactive)
        {
            while (!cancel.IsCancellationRequested)
            {
                progress = (await SweepProgress.ReadAsync(sweep))!;
                var counts = progress.Status.Counts;
                Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {counts.GetValueOrDefault("done")} done, {progress.Failed} failed, " +
                                  $"{counts.GetValueOrDefault("running")} running, {counts.GetValueOrDefault("pending")} pending");
                if (progress.Finished) break;
                await Task.Delay(1000, cancel);
            }
            return progress.Failed > 0 ? 1 : 0;
        }
        await ProgressBars.Create().StartAsync(async ctx =>
        {
            var bars = new ProgressBars(ctx, progress.Status.Total, sweepId);
            while (!cancel.IsCancellationRequested)
            {
                progress = (await SweepProgress.ReadAsync(sweep))!;
                bars.Update(progress, workers);
                if (progress.Finished) break;
                await Task.Delay(500, cancel);
            }
        });
        return progress.Failed > 0 ? 1 : 0;
    }
}
