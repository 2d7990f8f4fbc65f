using Df2.Grains.Worker;

namespace Df2.Worker;

/// <summary>The child's ends of the pipes; a parent that went away surfaces as <see cref="ParentGoneException"/>.</summary>
public sealed class ParentChannel(Stream input, Stream output)
{
    public void Send(WorkerMessage message)
    {
        try { WorkerFrames.Write(output, message); }
        catch (IOException e) { throw new ParentGoneException(e); }
    }

    /// <summary>The parent's next message, or null when it closed stdin (no more units).</summary>
    public WorkerMessage? Receive()
    {
        try { return WorkerFrames.Read(input); }
        catch (IOException e) { throw new ParentGoneException(e); }
    }
}
