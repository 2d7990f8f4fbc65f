namespace Df2.Cluster.Tests;

/// <summary>Appends one audit line per fault run to $DF2_RELIABILITY_LOG when set; docs/reliability.md quotes it.</summary>
public static class Reliability
{
    public static void Audit(string line)
    {
        if (Environment.GetEnvironmentVariable("DF2_RELIABILITY_LOG") is { Length: > 0 } path)
            File.AppendAllText(path, $"{DateTime.UtcNow:O} {line}\n");
    }
}
