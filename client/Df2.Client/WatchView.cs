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
        var cells = await sweep.AllCellsAsync(refresh: true);
        var workers = Math.Max(1, (await grains.GetGrain<IClusterIndexGrain>(0).WorkersAsync()).Count);
        if (!ProgressBars.Interactive)
        {
            while (!cancel.IsCancellationRequested)
            {
                cells = await sweep.AllCellsAsync(refresh: false);
                Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {cells.Count(c => c.Status == CellStatus.Done)} done, {cells.Count(c => c.Status == CellStatus.Failed)} failed, " +
                                  $"{cells.Count(c => c.Status == CellStatus.Running)} running, {cells.Count(c => c.Status == CellStatus.Pending)} pending");
                if (cells.All(c => c.Finished)) break;
                await Task.Delay(1000, cancel);
            }
            return cells.Any(c => c.Status == CellStatus.Failed) ? 1 : 0;
        }
        await ProgressBars.Create().StartAsync(async ctx =>
        {
            var bars = new ProgressBars(ctx, cells.Count, sweepId);
            while (!cancel.IsCancellationRequested)
            {
                cells = await sweep.AllCellsAsync(refresh: false);
                bars.Update(cells, workers);
                if (cells.All(c => c.Finished)) break;
                await Task.Delay(500, cancel);
            }
        });
        return cells.Any(c => c.Status == CellStatus.Failed) ? 1 : 0;
    }
}
