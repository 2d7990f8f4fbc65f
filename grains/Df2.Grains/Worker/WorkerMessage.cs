using MessagePack;

namespace Df2.Grains.Worker;

/// <summary>
/// One frame of the protocol between a silo (the parent) and its df2-worker child, carried as MessagePack over the child's
/// stdin / stdout (<see cref="WorkerFrames"/>). Parent → child: <see cref="RunCellMessage"/>, <see cref="RunHalfMessage"/>,
/// <see cref="EvaluateMessage"/>, <see cref="CheckpointAckMessage"/>. Child → parent: <see cref="ReadyMessage"/> (once), <see cref="ProgressMessage"/>,
/// <see cref="CheckpointMessage"/>, <see cref="CellDoneMessage"/>, <see cref="HalfDoneMessage"/>, <see cref="FailedMessage"/>.
/// There is no cancel message: the parent cancels or drains a unit by killing the child (its last checkpoint is stored).
/// </summary>
[Union(0, typeof(RunCellMessage))]
[Union(1, typeof(RunHalfMessage))]
[Union(2, typeof(EvaluateMessage))]
[Union(3, typeof(CheckpointAckMessage))]
[Union(4, typeof(ProgressMessage))]
[Union(5, typeof(CheckpointMessage))]
[Union(6, typeof(CellDoneMessage))]
[Union(7, typeof(HalfDoneMessage))]
[Union(8, typeof(FailedMessage))]
[Union(9, typeof(ReadyMessage))]
public abstract record WorkerMessage;
