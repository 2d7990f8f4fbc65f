namespace Df2.TestSupport;

/// <summary>Locations of the repo and the built executables (same configuration as the calling assembly: a test or a bench).</summary>
public static class Paths
{
    public static string Repo { get; } = FindRepo();

    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    public static string SiloDll => Path.Combine(Repo, "silo", "Df2.Silo", "bin", Configuration, "net10.0", "df2-silo.dll");

    public static string ClientDll => Path.Combine(Repo, "client", "Df2.Client", "bin", Configuration, "net10.0", "df2.dll");

    /// <summary>
    /// A new empty folder for one test, inside this test process's own folder (<c>df2-tests-PID</c> in the system's temp
    /// folder), which is deleted when the process exits. The folders of test processes that did not get that far (a
    /// crash; VSTest stops a test host soon after its last result) are deleted by the next test process and by .ci/run,
    /// so that a machine's disk does not fill up with the tests' runs, checkpoints and logs.
    /// </summary>
    public static string TempDir(string prefix)
    {
        var d = Path.Combine(TestRoot.Value, $"df2-{prefix}-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(d);
        return d;
    }

    private static readonly Lazy<string> TestRoot = new(CreateTestRoot);

    private static string CreateTestRoot()
    {
        foreach (var stale in Directory.EnumerateDirectories(Path.GetTempPath(), "df2-tests-*"))
            if (int.TryParse(Path.GetFileName(stale).AsSpan("df2-tests-".Length), out var pid) && !IsRunning(pid)) TryDelete(stale);
        var root = Path.Combine(Path.GetTempPath(), $"df2-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }                 // a file still held by a process that outlives the tests
        catch (UnauthorizedAccessException) { }
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Df2Cluster.sln"))) return d.FullName;
        throw new InvalidOperationException("Df2Cluster.sln not found above the test directory");
    }
}
