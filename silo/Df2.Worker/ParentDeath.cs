using System.Runtime.InteropServices;

namespace Df2.Worker;

/// <summary>
/// The child dies with its parent: a silo killed with SIGKILL cannot stop its children, and an orphan would train on
/// (a 3D-Learning half sends nothing until it ends) on cores that the restarted silo's cells need. Linux sends SIGKILL to
/// this process when the parent's thread that started it ends (the parent's spawn thread lives as long as the parent).
/// </summary>
public static class ParentDeath
{
    private const int PrSetPdeathsig = 1;
    private const int Sigkill = 9;

    /// <summary>Arms the signal; false when the parent named by DF2_WORKER_PARENT is already gone (this process was adopted).</summary>
    public static bool Arm()
    {
        if (prctl(PrSetPdeathsig, Sigkill) != 0) throw new IOException($"df2-worker: prctl failed (errno {Marshal.GetLastPInvokeError()})");
        return !int.TryParse(Environment.GetEnvironmentVariable("DF2_WORKER_PARENT"), out var parent) || getppid() == parent;
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int prctl(int option, ulong arg2);

    [DllImport("libc.so.6")]
    private static extern int getppid();
}
