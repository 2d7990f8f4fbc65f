namespace Df2.Cluster.Tests;

/// <summary>
/// Polls a condition until it holds or the time is up (then fails with the description). The time is a monotonic
/// stopwatch, not the wall clock: a VM's clock step (seen once in CI here: a 60 s wait failed 33 s into its test) must
/// not end a wait early.
/// </summary>
public static class Wait
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
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
            if (clock.Elapsed > timeout) throw new TimeoutException($"{what} not reached in {timeout}\n{diagnostics?.Invoke()}");
            await Task.Delay(100);
        }
    }
}
