namespace Df2.Cluster.Tests;

/// <summary>Polls a condition until it holds or the time is up (then fails with the description).</summary>
public static class Wait
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            T value = default!;
            var ok = false;
            try
            {
                value = await probe();
                ok = done(value);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or HttpRequestException or TaskCanceledException) { /* cluster still coming up */ }
            if (ok) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{what} not reached in {timeout}\n{diagnostics?.Invoke()}");
            await Task.Delay(100);
        }
    }
}
