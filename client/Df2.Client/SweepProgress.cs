using Df2.GrainInterfaces;

namespace Df2.Client;

/// <summary>
/// What the progress views poll, whatever the sweep's size: the sweep's counts, its running cells and a sample of done
/// cells for the ETA (never every cell).
/// </summary>
public sealed record SweepProgress(SweepStatus Status, List<CellView> Running, List<CellView> DoneSample)
{
    /// <summary>Done cells whose wall times estimate the ETA.</summary>
    private const int Sample = 100;

    public int Failed => Status.Counts.GetValueOrDefault("failed");

    public int Left => Status.Total - Status.Finished;

    public bool Finished => Status.Finished == Status.Total;

    public string Eta(int workers) => CellText.Eta(DoneSample, Left, workers);

    /// <summary>Null when the sweep is unknown.</summary>
    public static async Task<SweepProgress?> ReadAsync(ISweepGrain sweep)
    {
        if (await sweep.StatusAsync() is not { } status) return null;
        var running = await sweep.CellsAsync(new CellQuery(0, CellQuery.MaxSize, CellStatus.Running));
        var done = await sweep.CellsAsync(new CellQuery(0, Sample, CellStatus.Done));
        return new SweepProgress(status, running.Cells, done.Cells);
    }
}
