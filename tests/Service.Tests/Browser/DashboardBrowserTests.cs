using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orleans.Lse.Service.Tests.Resume;

namespace Orleans.Lse.Service.Tests.Browser;

/// <summary>
/// The dashboard as a user sees it: a real <c>lse-silo</c> process, headless Chromium, every step through the page (no
/// API calls, no reloads). Screenshots of each page land in <see cref="BrowserSession.ScreenshotDirectory"/>.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed partial class DashboardBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    // Small, so that it trains and searches in about a minute here; the second campaign reuses its models.
    private const string TinySpec = """
        { "name": "browser-tiny", "latentSizes": [2], "modes": ["lse", "lae"], "lseImages": 12, "laeImages": 3,
          "testLimit": 300, "trainingEpochs": 1, "trainLimit": 2000, "blockSize": 8 }
        """;

    private const string LongSpec = """
        { "name": "browser-long", "latentSizes": [2], "modes": ["lse"], "lseImages": 0, "testLimit": 10000,
          "trainingEpochs": 1, "trainLimit": 2000, "blockSize": 8 }
        """;

    [SkippableFact]
    public async Task ACampaignSubmittedFromThePageCompletesLiveAndEveryPageShowsIt()
    {
        string? chromium = BrowserSession.Chromium();
        Skip.If(chromium is null && Environment.GetEnvironmentVariable("CI") != "true", "Chromium is not installed (Debian: apt-get install chromium); CI installs it.");
        Assert.True(chromium is not null, "Chromium is missing under CI=true: scripts/test.sh installs Debian's chromium package for it.");

        using var local = new LocalSilo("browser");
        using var silo = local.Start();
        string address = (await silo.WaitForHttpAddress(TimeSpan.FromMinutes(2))).ToString().TrimEnd('/');
        await using var session = await BrowserSession.Start(chromium!);
        var page = await session.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout((float)TimeSpan.FromSeconds(30).TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)TimeSpan.FromSeconds(30).TotalMilliseconds);
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { lock (consoleErrors) { consoleErrors.Add(message.Text); } } };
        page.Response += (_, response) => { if (response.Status >= 400) { lock (consoleErrors) { consoleErrors.Add($"{response.Status} {response.Url}"); } } };

        await page.GotoAsync(address);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Campaigns");

        // A spec with a bad field, once the page is live: the error shows on the field, naming it.
        await Expect(page.Locator(".live.on")).ToBeVisibleAsync();
        await page.Locator("#spec").FillAsync("""{ "latentSizes": [0] }""");
        await page.Locator("form.submit button[type=submit]").ClickAsync();
        await Expect(page.Locator("#spec-error")).ToContainTextAsync("latentSizes", new LocatorAssertionsToContainTextOptions { IgnoreCase = true });
        Assert.Equal("true", await page.Locator("#spec").GetAttributeAsync("aria-invalid"));
        await BrowserSession.Screenshot(page, "campaigns-invalid-spec");

        await page.Locator("#spec").FillAsync(TinySpec);
        await page.Locator("form.submit button[type=submit]").ClickAsync();
        var submitted = page.Locator(".submitted a");
        await Expect(submitted).ToBeVisibleAsync();
        string id = await submitted.InnerTextAsync();
        var row = page.Locator($"tr[data-campaign='{id}']");

        // Progress as the page shows it, recorded by the page itself at each change, until the campaign completes: it
        // must move without a reload.
        await page.EvaluateAsync("""
            id => {
              window.lseSeen = [];
              const record = () => {
                const row = document.querySelector(`tr[data-campaign='${id}']`);
                const counts = row ? [...row.querySelectorAll('.progress-count')].map(e => e.textContent.trim()).join(' | ') : '';
                if (counts && window.lseSeen[window.lseSeen.length - 1] !== counts) window.lseSeen.push(counts);
              };
              new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
              record();
            }
            """, id);
        await Expect(row.Locator(".phase")).ToHaveTextAsync(new Regex("^(Running|Created)"));
        await BrowserSession.Screenshot(page, "campaigns-running");
        await Expect(row.Locator(".phase")).ToHaveTextAsync(new Regex("^Completed"), new LocatorAssertionsToHaveTextOptions { Timeout = (float)Patience.TotalMilliseconds });
        var seen = await page.EvaluateAsync<string[]>("() => window.lseSeen");
        var finalCounts = await row.Locator(".progress-count").AllInnerTextsAsync();
        Assert.All(finalCounts, c => Assert.Matches(@"^(\d+) / \1$", c));
        // At least one state before the end, then the end: the page moved on its own.
        Assert.True(seen.Length >= 2 && seen[0] != seen[^1], $"The page showed only {seen.Length} states of the progress: {string.Join(" / ", seen)}");
        await BrowserSession.Screenshot(page, "campaigns");

        // The campaign's page: the table, the charts, the LAE heat table of the LAE slice.
        await row.Locator("a").First.ClickAsync();
        await Expect(page.Locator("table.aggregates tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("figure.chart svg circle.point").First).ToBeVisibleAsync();
        await page.Locator("select.slice-select").SelectOptionAsync("lae-2");
        await Expect(page.Locator("table.heat")).ToBeVisibleAsync();
        await BrowserSession.Screenshot(page, "campaign");

        // The report, written from the page and opened as the link does: its pictures load, its policy blocks nothing it needs.
        await page.Locator("button.write-report").ClickAsync();
        var reportLink = page.Locator("a.report-link");
        await Expect(reportLink).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = (float)Patience.TotalMilliseconds });
        var report = await session.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 1600 } });
        report.Console += (_, message) => { if (message.Type == "error") { lock (consoleErrors) { consoleErrors.Add("report: " + message.Text); } } };
        // The pages resolve links against their base, the site's root.
        await report.GotoAsync(new Uri(new Uri(address + "/"), await reportLink.GetAttributeAsync("href")).ToString());
        await Expect(report.Locator("h1")).ToContainTextAsync("Campaign " + id);
        await Expect(report.Locator("figure img").First).ToBeVisibleAsync();
        Assert.Empty(await BrowserSession.BrokenImages(report));
        await BrowserSession.Screenshot(report, "report");
        await report.CloseAsync();

        // The gallery: every card's three pictures load; a filter narrows the cards; a card opens its search.
        await page.Locator("a.gallery-link").ClickAsync();
        await Expect(page.Locator(".card").First).ToBeVisibleAsync();
        int cards = await page.Locator(".card").CountAsync();
        Assert.Equal(cards * 3, await page.Locator(".card img").CountAsync());
        Assert.Empty(await BrowserSession.BrokenImages(page));
        await BrowserSession.Screenshot(page, "gallery");
        await page.Locator("select.filter-mode").SelectOptionAsync("lae");
        await Expect(page.Locator(".card b").First).ToHaveTextAsync(new Regex("^LAE"));
        Assert.All(await page.Locator(".card b").AllInnerTextsAsync(), t => Assert.StartsWith("LAE", t, StringComparison.Ordinal));
        Assert.Contains("mode=lae", page.Url, StringComparison.Ordinal);
        await page.Locator(".card").First.ClickAsync();
        await Expect(page.Locator("table.facts")).ToBeVisibleAsync();
        Assert.Equal(3, await page.Locator(".triple img").CountAsync());
        Assert.Empty(await BrowserSession.BrokenImages(page));
        await BrowserSession.Screenshot(page, "search");

        await page.Locator("header nav a", new PageLocatorOptions { HasText = "Models" }).ClickAsync();
        await Expect(page.Locator("table.models tbody tr")).ToHaveCountAsync(2);
        await BrowserSession.Screenshot(page, "models");
        await page.Locator("header nav a", new PageLocatorOptions { HasText = "Cluster" }).ClickAsync();
        await Expect(page.Locator("table.silos .silo-active")).ToHaveCountAsync(1);
        await BrowserSession.Screenshot(page, "cluster");

        // Pause, resume and cancel (confirmed) a longer campaign from the list.
        await page.Locator("header nav a", new PageLocatorOptions { HasText = "Campaigns" }).ClickAsync();
        await page.Locator("#spec").FillAsync(LongSpec);
        await page.Locator("form.submit button[type=submit]").ClickAsync();
        var longRow = page.Locator($"tr[data-campaign='{await page.Locator(".submitted a").InnerTextAsync()}']");
        await longRow.Locator("button.pause").ClickAsync();
        await Expect(longRow.Locator(".phase")).ToHaveTextAsync(new Regex("^Paused"));
        await longRow.Locator("button.resume").ClickAsync();
        await Expect(longRow.Locator(".phase")).ToHaveTextAsync(new Regex("^Running"));
        await longRow.Locator("button.cancel").ClickAsync();
        await Expect(longRow.Locator(".confirm")).ToBeVisibleAsync();
        await BrowserSession.Screenshot(page, "campaigns-confirm-cancel");
        await longRow.Locator("button.confirm-yes").ClickAsync();
        await Expect(longRow.Locator(".phase")).ToHaveTextAsync(new Regex("^Cancelled"));

        // The Orleans dashboard, mounted under /orleans with its own assets.
        await page.GotoAsync(address + "/orleans");
        await Expect(page.Locator("body")).ToContainTextAsync("Orleans Dashboard");
        await BrowserSession.Screenshot(page, "orleans");
        Assert.Empty(await BrowserSession.BrokenImages(page));
        lock (consoleErrors)
        {
            Assert.True(consoleErrors.Count == 0, "The browser's console logged errors:\n" + string.Join("\n", consoleErrors));
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

}
