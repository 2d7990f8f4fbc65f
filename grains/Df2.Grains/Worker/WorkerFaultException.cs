namespace Df2.Grains.Worker;

/// <summary>A unit of work failed in (or with) its df2-worker child: the reason as recorded, and whether retrying cannot help.</summary>
public sealed class WorkerFaultException(string reason, bool permanent) : Exception(reason)
{
    public bool Permanent => permanent;
}
