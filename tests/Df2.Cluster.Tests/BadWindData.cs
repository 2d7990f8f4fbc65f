namespace Df2.Cluster.Tests;

/// <summary>A data folder whose wind file is the real TenneT file with one bad value: row 3, column 5 = "twelve".</summary>
public static class BadWindData
{
    private static readonly string RealWindCsv = Path.Combine(Df2.Learning.Data.RealWorld.DataRoot.Resolve(), "wind_power", "TenneTTSO.csv");

    /// <summary>Writes <c>{dataDir}/wind_power/TenneTTSO.csv</c> with the bad value.</summary>
    public static void Write(string dataDir)
    {
        Directory.CreateDirectory(Path.Combine(dataDir, "wind_power"));
        var lines = File.ReadAllLines(RealWindCsv);
        var row = lines[3].Split(',');
        row[5] = "twelve";
        lines[3] = string.Join(',', row);
        File.WriteAllLines(Path.Combine(dataDir, "wind_power", "TenneTTSO.csv"), lines);
    }
}
