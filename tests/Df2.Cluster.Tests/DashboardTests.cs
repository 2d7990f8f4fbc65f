using Microsoft.Playwright;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>
/// The sweep pages and the Orleans Dashboard of a real df2-silo, opened in Debian's chromium through Playwright (which
/// cannot download its own browser here). The tests assert what the pages show and save screenshots (under docs/ with
/// DF2_UPDATE_SCREENSHOTS=1, otherwise in a temporary folder).
/// Skipped when chromium is missing, unless DF2_REQUIRE_CHROMIUM=1 (set by .ci/run, which installs it).
/// </summary>
public class DashboardTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Sweep_pages_show_progress_curves_and_the_regret_table_and_the_orleans_dashboard_loads()
    {
        if (!File.Exists(Chromium))
        {
            Assert.True(Environment.GetEnvironmentVariable("DF2_REQUIRE_CHROMIUM") != "1", $"{Chromium} is missing");
            return;
        }
        var dir = Paths.TempDir("dash");
        using var silo = StartLocal(Path.Combine(dir, "silo"), "spin");
        var (code, submitted) = Cli(LocalClient(silo), "submit", TinySpecs.Write(dir, "dash.yaml", TinySpecs.Spin("dashboard", cells: 4, epochs: 6, spinMs: 150)), "--executor", "spin");
        Assert.True(code == 0, submitted);
        var sweepId = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        Assert.Equal(0, Cli(LocalClient(silo), "watch", sweepId).Code);

        using var pw = await Playwright.CreateAsync();
        await using var browser = await pw.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        // The docs' screenshots are refreshed on request only, so a test run leaves the checkout clean.
        var docs = Environment.GetEnvironmentVariable("DF2_UPDATE_SCREENSHOTS") == "1" ? Path.Combine(Paths.Repo, "docs") : Paths.TempDir("dashboard");

        await page.GotoAsync($"{silo.Url}/");
        var sweepLink = page.Locator($"#sweeps a:text('{sweepId}')");
        await sweepLink.WaitForAsync();
        Assert.Contains("4/4", await page.Locator("#sweeps tbody tr").First.InnerTextAsync());
        await page.Locator("#workers tbody tr").Nth(1).WaitForAsync();
        Assert.Equal(2, await page.Locator("#workers tbody tr").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "dashboard-sweeps.png"), FullPage = true });

        await sweepLink.ClickAsync();
        await page.Locator("#regret tbody tr").First.WaitForAsync();
        await page.WaitForFunctionAsync("document.querySelectorAll('polyline.curve').length === 4");
        Assert.Contains("4/4 cells finished", await page.Locator("#summary").InnerTextAsync());
        Assert.Equal(4, await page.Locator("#cells tbody td.done").CountAsync());
        var regret = await page.Locator("#regret tbody tr").First.InnerTextAsync();
        Assert.Contains("spin", regret);
        Assert.Contains("[0.000, 0.000]", regret); // 95% CI of the spin cells' regret 0
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "dashboard-sweep.png"), FullPage = true });

        await page.GotoAsync($"{silo.Url}/dashboard");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(1500);
        Assert.Contains("Orleans", await page.TitleAsync() + await page.ContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "orleans-dashboard.png"), FullPage = true });
    }
}
