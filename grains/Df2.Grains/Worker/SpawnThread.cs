using System.Collections.Concurrent;
using System.Diagnostics;

namespace Df2.Grains.Worker;

/// <summary>
/// Starts the df2-worker children from one thread that lives as long as this process. A child asks Linux to kill it when
/// its parent goes (PR_SET_PDEATHSIG, <c>ParentDeath</c> in the worker), and Linux means the thread that started it: a
/// cell's thread ends with its cell while the child serves the slot's next cells.
/// </summary>
internal static class SpawnThread
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = new();

    static SpawnThread() => new Thread(() =>
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try { started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}")); }
            catch (Exception e) { started.SetException(e); }
        }
    }) { IsBackground = true, Name = "df2-worker spawner" }.Start();

    public static Process Start(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task.GetAwaiter().GetResult();
    }
}
