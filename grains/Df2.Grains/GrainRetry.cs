namespace Df2.Grains;

/// <summary>
/// Retries a report from a cell's thread while its cell grain moves to another silo (the old one died): Orleans
/// rejections and timeouts are retried with backoff 0.2 → 2 s for up to a minute, and one call waits at most
/// <see cref="CallTimeout"/> (a call sent to a silo just before it died may never be answered). Safe because every
/// report is idempotent per (cell, attempt).
/// </summary>
public static class GrainRetry
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public static T Run<T>(Func<Task<T>> call)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        var delay = 200;
        while (true)
        {
            try { return call().WaitAsync(CallTimeout).GetAwaiter().GetResult(); }
            catch (Exception e) when (e is OrleansException or TimeoutException && DateTime.UtcNow < until)
            {
                Thread.Sleep(delay);
                delay = Math.Min(2000, delay * 2);
            }
        }
    }
}
