namespace Df2.Grains.Worker;

/// <summary>
/// How a host's df2-worker children run: <paramref name="Executor"/> names what the child runs (learning, spin, probe),
/// <paramref name="Threads"/> is each child's libtorch thread count (cores / slots of the host), and a child that sends no
/// message for <paramref name="StallTimeout"/> (progress and checkpoints count) is killed and its unit retried.
/// </summary>
public sealed record WorkerOptions(string Executor, int Threads, TimeSpan StallTimeout);
