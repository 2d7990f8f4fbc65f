namespace Df2.Grains;

/// <summary>
/// Retries a scheduler call while the API is unreachable (restarting, rolling update): network
/// errors and HTTP timeouts are retried with backoff 0.2 s → 2 s for up to <see cref="Budget"/>.
/// Safe because every worker call is idempotent per (cell, attempt).
/// </summary>
public static class TransientRetry
{
    public static TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(120);

    public static async Task<T> Run<T>(Func<Task<T>> call, CancellationToken cancel = default)
    {
        var until = DateTime.UtcNow + Budget;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try { return await call(); }
            catch (Exception e) when (IsTransient(e, cancel) && DateTime.UtcNow < until)
            {
                await Task.Delay(delay, cancel);
                delay = TimeSpan.FromMilliseconds(Math.Min(2000, delay.TotalMilliseconds * 2));
            }
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancel) =>
        e is HttpRequestException || (e is TaskCanceledException && !cancel.IsCancellationRequested);
}
