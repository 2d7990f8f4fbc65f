namespace Df2.Learning.Data.RealWorld;

/// <summary>
/// Locates the shared data folder (the one holding <c>wind_power/</c>, <c>inventory/</c>,
/// <c>vaccine/</c>). Order: an explicit directory (task parameter <c>data_dir</c>), the
/// environment variable <c>DF2_DATA</c>, then a <c>shared/data</c> folder found by walking up
/// from the working directory and from the assembly directory.
/// </summary>
public static class DataRoot
{
    public static string Resolve(string? explicitDir = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            if (!Directory.Exists(explicitDir))
                throw new DirectoryNotFoundException($"data directory '{explicitDir}' (parameter data_dir) does not exist");
            return explicitDir;
        }
        var env = Environment.GetEnvironmentVariable("DF2_DATA");
        if (!string.IsNullOrWhiteSpace(env))
        {
            if (!Directory.Exists(env))
                throw new DirectoryNotFoundException($"data directory '{env}' (environment DF2_DATA) does not exist");
            return env;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            "shared data folder not found: set DF2_DATA or the task parameter data_dir to the folder holding wind_power/, inventory/ and vaccine/");
    }

    /// <summary>Full path of a data file, with a clear error naming it when missing.</summary>
    public static string File(string root, params string[] parts)
    {
        var path = Path.Combine([root, .. parts]);
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"data file '{path}' not found", path);
        return path;
    }
}
