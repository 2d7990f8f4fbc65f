using Microsoft.Playwright;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>
/// The sweep pages and the Orleans Dashboard of a real df2-silo training a real sweep (<see cref="TinySpecs.Dashboard"/>:
/// both synthetic tasks × four methods × two seeds), opened in Debian's chromium through Playwright
/// (<see cref="ChromiumFactAttribute"/>). The tests assert what the pages show and save screenshots (under docs/ with
/// DF2_UPDATE_SCREENSHOTS=1, otherwise in a temporary folder).
/// </summary>
public class DashboardTests
{
    private const string Chromium = ChromiumFactAttribute.Path;

    [ChromiumFact]
    public async Task Sweep_pages_show_progress_curves_the_regret_table_and_plot_and_the_orleans_dashboard_loads()
    {
        var dir = Paths.TempDir("dash");
        using var silo = StartLocal(Path.Combine(dir, "silo"), "learning");
        var (code, submitted) = Cli(LocalClient(silo), "submit", TinySpecs.Write(dir, "dash.yaml", TinySpecs.Dashboard));
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
        Assert.Contains("16/16", await page.Locator("#sweeps tbody tr").First.InnerTextAsync());
        await page.Locator("#workers tbody tr").Nth(1).WaitForAsync();
        Assert.Equal(2, await page.Locator("#workers tbody tr").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "dashboard-sweeps.png"), FullPage = true });

        await sweepLink.ClickAsync();
        await page.Locator("#regret tbody tr").First.WaitForAsync();
        await page.WaitForFunctionAsync("document.querySelectorAll('polyline.curve').length === 16");
        Assert.Contains("16/16 cells finished", await page.Locator("#summary").InnerTextAsync());
        Assert.Equal(16, await page.Locator("#cells tbody td.done").CountAsync());
        Assert.Equal(8, await page.Locator("#regret tbody tr").CountAsync());          // 2 tasks × 4 methods, n = 2 each
        foreach (var row in await page.Locator("#regret tbody tr").AllInnerTextsAsync())
        {
            var cells = row.Split('\t');
            Assert.Equal("2", cells[2]);
            Assert.True(double.Parse(cells[3], System.Globalization.CultureInfo.InvariantCulture) > 0, row);   // a real, positive mean regret
        }
        await page.WaitForFunctionAsync("document.querySelectorAll('#plot svg circle').length === 8");   // the plot: a point per row
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "dashboard-sweep.png"), FullPage = true });

        await page.GotoAsync($"{silo.Url}/sweeps/no-such-sweep");
        await page.WaitForFunctionAsync("document.getElementById('summary').textContent.includes(\"no sweep 'no-such-sweep'\")");

        await page.GotoAsync($"{silo.Url}/dashboard");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(1500);
        Assert.Contains("Orleans", await page.TitleAsync() + await page.ContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "orleans-dashboard.png"), FullPage = true });
    }
}
