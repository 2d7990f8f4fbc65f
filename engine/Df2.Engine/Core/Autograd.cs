namespace Df2.Engine;

/// <summary>Global (per-thread) autograd switch, like <c>torch.no_grad()</c>.</summary>
public static class Autograd
{
    [ThreadStatic] private static int _noGradDepth;

    /// <summary>True unless inside a <see cref="NoGrad"/> scope on this thread.</summary>
    public static bool IsGradEnabled => _noGradDepth == 0;

    /// <summary>Disables graph recording until the returned scope is disposed (nestable).</summary>
    public static IDisposable NoGrad()
    {
        _noGradDepth++;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            _noGradDepth--;
        }
    }
}
