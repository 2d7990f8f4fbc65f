using Df2.Client;
using Df2.GrainInterfaces;
using Df2.Silo.Core;

namespace Df2.Cluster.Tests;

/// <summary>
/// A real-world cell whose data file is missing or has a bad row fails once, with one error naming the
/// file (and row), is not retried, and the sweep's outputs are still written whole.
/// </summary>
public class DataFileFaultTests
{
    private static async Task<(CellView Cell, string Csv)> RunWind(string dataDir)
    {
        var dir = Paths.TempDir("datafault");
        var spec = TinySpecs.Write(dir, "wind.yaml", TinySpecs.Wind(dataDir));
        var run = new EmbeddedRun(new EmbeddedRunOptions(spec, 1, Path.Combine(dir, "out")));
        var result = await run.RunAsync(run.Prepare(), null, CancellationToken.None);
        return (Assert.Single(result.Cells), File.ReadAllText(Path.Combine(dir, "out", "results.csv")));
    }

    [Fact]
    public async Task Missing_data_file_fails_the_cell_once_naming_the_file()
    {
        var dataDir = Paths.TempDir("nodata");
        Directory.CreateDirectory(Path.Combine(dataDir, "wind_power"));
        var (cell, csv) = await RunWind(dataDir);
        Assert.Equal(CellStatus.Failed, cell.Status);
        Assert.Contains("TenneTTSO.csv", cell.Reason);
        Assert.Contains("not found", cell.Reason);
        Assert.Equal(1, cell.Attempt);
        Assert.Contains(",failed,", csv);
    }

    [Fact]
    public async Task Bad_row_in_data_file_fails_the_cell_once_naming_file_row_and_column()
    {
        var dataDir = Paths.TempDir("baddata");
        BadWindData.Write(dataDir);
        var (cell, csv) = await RunWind(dataDir);
        Assert.Equal(CellStatus.Failed, cell.Status);
        Assert.Contains("TenneTTSO.csv", cell.Reason);
        Assert.Contains("row 4", cell.Reason);
        Assert.Contains("'twelve'", cell.Reason);
        Assert.Equal(1, cell.Attempt);
        Assert.Contains(",failed,", csv);
    }
}
