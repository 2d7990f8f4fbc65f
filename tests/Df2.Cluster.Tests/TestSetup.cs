using System.Runtime.CompilerServices;

namespace Df2.Cluster.Tests;

internal static class TestSetup
{
    /// <summary>The spin and probe executors (tests/Df2.TestSupport) are loadable by name here and in every process the tests start.</summary>
#pragma warning disable CA2255 // a test assembly's one-time set-up, before any test runs
    [ModuleInitializer]
    internal static void EnableTestExecutors() => TestExecutors.Enable();
#pragma warning restore CA2255
}
