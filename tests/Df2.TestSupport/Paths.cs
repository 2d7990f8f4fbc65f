namespace Df2.TestSupport;

/// <summary>Locations of the repo and the built executables (same configuration as the calling assembly: a test or a bench).</summary>
public static class Paths
{
    public static string Repo { get; } = FindRepo();

    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    public static string SiloDll => Path.Combine(Repo, "silo", "Df2.Silo", "bin", Configuration, "net10.0", "df2-silo.dll");

    public static string ClientDll => Path.Combine(Repo, "client", "Df2.Client", "bin", Configuration, "net10.0", "df2.dll");

    public static string TempDir(string prefix)
    {
        var d = Path.Combine(Path.GetTempPath(), $"df2-{prefix}-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(d);
        return d;
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Df2Cluster.sln"))) return d.FullName;
        throw new InvalidOperationException("Df2Cluster.sln not found above the test directory");
    }
}
