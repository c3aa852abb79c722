using Microsoft.Playwright;
using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Service.Tests.Resume;

namespace Orleans.Lse.Service.Tests.Browser;

/// <summary>A CelebA campaign on the dashboard: per-trait rows, a trait's slice, its explanations and a search's pictures.</summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class CelebaBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [SkippableFact]
    public async Task ACelebaCampaignShowsItsTraitsSlicesAndPictures()
    {
        string? chromium = BrowserSession.Chromium();
        Skip.If(chromium is null && Environment.GetEnvironmentVariable("CI") != "true", "Chromium is not installed (Debian: apt-get install chromium); CI installs it.");
        Assert.True(chromium is not null, "Chromium is missing under CI=true: scripts/test.sh installs Debian's chromium package for it.");

        using var local = new LocalSilo("browser-celeba");
        string faces = Path.Combine(local.DataDirectory, "celeba");
        CelebaFixture.Write(faces, 800);
        using var silo = local.Start($"--Lse:Cluster:DatasetRoots:0={local.DataDirectory}");
        string address = (await silo.WaitForHttpAddress(TimeSpan.FromMinutes(2))).ToString().TrimEnd('/');
        await using var session = await BrowserSession.Start(chromium!);
        var page = await session.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout((float)TimeSpan.FromSeconds(30).TotalMilliseconds);
        Assertions.SetDefaultExpectTimeout((float)TimeSpan.FromSeconds(30).TotalMilliseconds);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") { lock (errors) { errors.Add(message.Text); } } };
        page.Response += (_, response) => { if (response.Status >= 400) { lock (errors) { errors.Add($"{response.Status} {response.Url}"); } } };

        await page.GotoAsync(address);
        await Expect(page.Locator(".live.on")).ToBeVisibleAsync();
        await page.Locator("#spec").FillAsync($$"""
            { "name": "browser-faces", "dataset": "{{faces}}", "datasetKind": "celeba", "traits": ["Male", "Eyeglasses"],
              "faceModel": { "kind": "vae", "imageSize": 16, "batchSize": 32 }, "latentSizes": [8], "trainingEpochs": 5,
              "laeImages": 3, "search": "improved", "blockSize": 8 }
            """);
        await page.Locator("form.submit button[type=submit]").ClickAsync();
        var submitted = page.Locator(".submitted a");
        await Expect(submitted).ToBeVisibleAsync();
        var row = page.Locator($"tr[data-campaign='{await submitted.InnerTextAsync()}']");
        await Expect(row.Locator(".phase")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Completed"), new LocatorAssertionsToHaveTextOptions { Timeout = (float)Patience.TotalMilliseconds });

        // The campaign's page: a row per trait and mode, named; its report written from the page, its pictures loading.
        await row.Locator("a").First.ClickAsync();
        await Expect(page.Locator("table.aggregates tbody tr")).ToHaveCountAsync(4);
        Assert.Equal(["Eyeglasses", "Eyeglasses", "Male", "Male"], (await page.Locator("table.aggregates td.trait").AllInnerTextsAsync()).Order());
        await page.Locator("button.write-report").ClickAsync();
        var reportLink = page.Locator("a.report-link");
        await Expect(reportLink).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = (float)Patience.TotalMilliseconds });
        var report = await session.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 1600 } });
        await report.GotoAsync(new Uri(new Uri(address + "/"), await reportLink.GetAttributeAsync("href")).ToString());
        await Expect(report.Locator("h1")).ToContainTextAsync("on CelebA");
        await Expect(report.Locator("figure img").First).ToBeVisibleAsync();
        Assert.Empty(await BrowserSession.BrokenImages(report));
        await BrowserSession.Screenshot(report, "celeba-report");
        await report.CloseAsync();
        await page.Locator("select.slice-select").SelectOptionAsync("lae-8-Male");
        await Expect(page.Locator("table.heat")).ToBeVisibleAsync();
        await BrowserSession.Screenshot(page, "celeba-campaign");

        // The gallery: each card names its trait and its pictures load; a card opens its search, pictures and all.
        await page.Locator("a.gallery-link").ClickAsync();
        await Expect(page.Locator(".card").First).ToBeVisibleAsync();
        Assert.All(await page.Locator(".card b").AllInnerTextsAsync(), t => Assert.Matches(" (Male|Eyeglasses)$", t));
        Assert.All(await page.Locator(".card-text").AllInnerTextsAsync(), t => Assert.Matches("(not )?(Male|Eyeglasses) (\\(misclassified\\)|→ target (not )?(Male|Eyeglasses))", t));
        Assert.Equal(await page.Locator(".card").CountAsync() * 3, await page.Locator(".card img").CountAsync());
        Assert.Empty(await BrowserSession.BrokenImages(page));
        await BrowserSession.Screenshot(page, "celeba-gallery");
        await page.Locator("select.filter-trait").SelectOptionAsync("Eyeglasses");
        await Expect(page.Locator(".card b").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(" Eyeglasses$"));
        Assert.All(await page.Locator(".card b").AllInnerTextsAsync(), t => Assert.EndsWith(" Eyeglasses", t, StringComparison.Ordinal));
        Assert.Contains("trait=Eyeglasses", page.Url, StringComparison.Ordinal);
        await page.Locator(".card").First.ClickAsync();
        await Expect(page.Locator("table.facts")).ToBeVisibleAsync();
        Assert.Equal(3, await page.Locator(".triple img").CountAsync());
        Assert.Empty(await BrowserSession.BrokenImages(page));
        await BrowserSession.Screenshot(page, "celeba-search");
        lock (errors)
        {
            Assert.True(errors.Count == 0, "The browser's console logged errors:\n" + string.Join("\n", errors));
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
