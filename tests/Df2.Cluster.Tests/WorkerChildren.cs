namespace Df2.Cluster.Tests;

/// <summary>The df2-worker children of this test process (Linux /proc): the fault tests kill them from outside.</summary>
public static class WorkerChildren
{
    /// <summary>The nice value of a process (field 19 of /proc/PID/stat).</summary>
    public static int Nice(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
    }

    public static IReadOnlyList<int> Running()
    {
        var me = Environment.ProcessId;
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (ppid == me && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("df2-worker.dll")) children.Add(pid);
            }
            catch (IOException) { } // the process ended while we looked
        }
        return children;
    }
}
