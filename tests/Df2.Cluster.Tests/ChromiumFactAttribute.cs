namespace Df2.Cluster.Tests;

/// <summary>
/// A test that drives Debian's chromium (<see cref="Path"/>) through Playwright, which cannot download its own browser
/// here. Skipped with the reason when chromium is missing, unless DF2_REQUIRE_CHROMIUM=1 (set by `.ci/run`, which
/// installs it), where the test runs and fails loudly.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path) && Environment.GetEnvironmentVariable("DF2_REQUIRE_CHROMIUM") != "1")
            Skip = $"{Path} is missing (apt-get install chromium, or run .ci/run)";
    }
}
