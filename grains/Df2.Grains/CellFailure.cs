using Df2.Grains.Worker;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// How a failed unit of work is recorded: its reason, and whether retrying cannot help (NaN losses, bad parameters, bad or
/// missing data files fail for good; anything else is retried up to the cell's failure limit). One rule for the silo's
/// cell threads and the df2-worker child, which sends the verdict with its <see cref="FailedMessage"/>.
/// </summary>
public static class CellFailure
{
    public static bool IsPermanent(Exception e) => e is WorkerFaultException w
        ? w.Permanent
        : e is CellFailedException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException;

    public static string Reason(Exception e) => e is CellFailedException or WorkerFaultException ? e.Message : $"{e.GetType().Name}: {e.Message}";
}
