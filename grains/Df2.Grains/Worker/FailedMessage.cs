using Df2.Learning.Running;
using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>The unit threw: the exception's type name and message, and whether retrying cannot help (<see cref="CellFailure"/>).</summary>
[MessagePackObject]
public sealed record FailedMessage(
    [property: Key(0)] string ExceptionType,
    [property: Key(1)] string Message,
    [property: Key(2)] bool Permanent) : WorkerMessage
{
    public static FailedMessage From(Exception e) => new(e.GetType().Name, e.Message, CellFailure.IsPermanent(e));

    /// <summary>The reason the cell records, worded as for a unit run in the silo (<see cref="CellFailure.Reason"/>).</summary>
    [IgnoreMember]
    public string Reason => ExceptionType == nameof(CellFailedException) ? Message : $"{ExceptionType}: {Message}";
}
