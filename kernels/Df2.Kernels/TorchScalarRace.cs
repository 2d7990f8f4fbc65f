namespace Df2.Kernels;

/// <summary>
/// Recognises the failure of TorchSharp 0.107's implicit-Scalar race: an overload such as <c>add_(Scalar)</c> or
/// <c>mul_(double)</c> creates a <c>Scalar</c> that nothing keeps alive during the native call, so a GC started by
/// another thread can let its finalizer free it mid-call. libtorch then throws from Scalar.h ("Expected false to be
/// true … toFloat / toDouble", or "Unknown scalar type"). Measured: ~2 per 10,000 such calls while another thread
/// allocates, 0 in 225,000 without one (docs/reproduction.md, "Known hazard"; upstream dotnet/TorchSharp PRs 1434, 1496).
/// The computation itself is not at fault, so a cell that resumes exactly may simply be run again.
/// </summary>
public static class TorchScalarRace
{
    /// <summary>How many times a cell is re-run after this failure before it fails for real.</summary>
    public const int MaxRetries = 3;

    /// <summary>True when <paramref name="error"/> (or an inner exception) is the Scalar race's libtorch error.</summary>
    public static bool Is(Exception? error)
    {
        for (var e = error; e != null; e = e.InnerException)
        {
            var message = e.Message ?? "";
            if (message.Contains("Unknown scalar type", StringComparison.Ordinal)) return true;
            if (message.Contains("Expected false to be true", StringComparison.Ordinal)
                && (message.Contains("toFloat", StringComparison.Ordinal) || message.Contains("toDouble", StringComparison.Ordinal)
                    || message.Contains("Scalar.h", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Runs <paramref name="run"/> and runs it again after a Scalar-race failure, at most <see cref="MaxRetries"/> times.
    /// <paramref name="run"/> must resume exactly (from its checkpoint or from its seed), so a retry changes no number.
    /// Returns the result and how many retries it took.
    /// </summary>
    public static (T Result, int Retries) Run<T>(Func<T> run, CancellationToken cancel)
    {
        for (int retries = 0; ; retries++)
        {
            try { return (run(), retries); }
            catch (Exception error) when (retries < MaxRetries && Is(error) && !cancel.IsCancellationRequested)
            {
                // The computation up to its last checkpoint is intact; run it again from there.
            }
        }
    }
}
