using Df2.Learning.Running;
using Df2.Grains;
using Df2.Grains.Worker;
using Df2.Kernels;

namespace Df2.Worker;

/// <summary>
/// The child's whole life, on its main thread: take the protocol stdout, set libtorch's threads, then answer the parent's
/// units one at a time (<see cref="WorkerMessage"/>) until it closes stdin. No other thread of this process allocates —
/// no async, timers, thread pool or logger — which is what keeps TorchSharp's unprotected native handles alive.
/// Arguments: <c>--executor NAME --threads N</c> (learning; the tests' executors by <c>CellExecutors.ByName</c>).
/// </summary>
public static class WorkerLoop
{
    public static int Run(string[] args)
    {
        if (!ParentDeath.Arm()) return 1;
        var channel = new ParentChannel(Console.OpenStandardInput(), ProtocolStdout.Take());
        if (args is not ["--executor", var name, "--threads", var text] || !int.TryParse(text, out var threads))
        {
            Console.Error.WriteLine("usage: df2-worker --executor NAME --threads N");
            return 2;
        }
        TorchThreads.SetThreads(threads);
        var executor = CellExecutors.ByName(name);
        try
        {
            channel.Send(new ReadyMessage());
            while (channel.Receive() is { } message) channel.Send(Execute(executor, message, channel));
            return 0;
        }
        catch (ParentGoneException)
        {
            return 1; // the parent died or killed its end: nobody is waiting for the result
        }
    }

    private static WorkerMessage Execute(ICellExecutor executor, WorkerMessage message, ParentChannel channel)
    {
        try
        {
            return message switch
            {
                RunCellMessage m => CellDoneMessage.From(executor.Run(m.Request.ToRequest(),
                    new ParentCheckpointSink(channel, m.CheckpointEpoch is { } epoch ? (epoch, m.CheckpointState!) : null),
                    r => channel.Send(ProgressMessage.From(r)), CancellationToken.None)),
                RunHalfMessage m => HalfDoneMessage.From(Steps(executor).RunHalf(m.Request.ToRequest(), m.FinishedHalves, m.State, CancellationToken.None)),
                EvaluateMessage m => CellDoneMessage.From(Steps(executor).Evaluate(m.Request.ToRequest(), m.State, CancellationToken.None)),
                _ => throw new InvalidDataException($"df2-worker: unexpected {message.GetType().Name} between units"),
            };
        }
        catch (Exception e) when (e is not ParentGoneException)
        {
            return FailedMessage.From(e);
        }
    }

    private static IDroStepExecutor Steps(ICellExecutor executor) =>
        executor as IDroStepExecutor ?? throw new CellFailedException($"executor '{executor.Name}' cannot run 3D-Learning steps");
}
