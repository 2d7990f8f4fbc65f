using System.Runtime.InteropServices;

namespace Df2.Grains.Worker;

/// <summary>
/// Where df2-worker is: <c>df2-worker.dll</c> next to the host's own assemblies (Df2.Silo.Core references the worker
/// project, so the build and publish of df2-silo, df2 and the test projects put it there), or the path in
/// <c>DF2_WORKER</c>. It runs on the host's own <c>dotnet</c>, found from the running runtime's folder
/// (<c>{root}/shared/Microsoft.NETCore.App/{version}/</c>): right for <c>dotnet run</c>, <c>dotnet test</c>'s test host,
/// an apphost and the container's <c>dotnet df2-silo.dll</c> alike.
/// </summary>
public static class WorkerExecutable
{
    public static string Dll =>
        Environment.GetEnvironmentVariable("DF2_WORKER") is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "df2-worker.dll");

    public static string Dotnet => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..",
        OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
}
