using Microsoft.Playwright;

namespace Orleans.Lse.Service.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c>, driven by Playwright), and where its screenshots go:
/// <c>artifacts/test-results/screenshots</c> in the repository (or <c>LSE_SCREENSHOTS</c>).
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private static readonly string[] ChromiumFlags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("LSE_SCREENSHOTS") is { Length: > 0 } set ? set : Path.Combine(Repository.Root, "artifacts", "test-results", "screenshots");

    /// <summary>The system's Chromium, or null (the test then says how to install it, and fails under CI).</summary>
    public static string? Chromium() => new[] { "/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static async Task<BrowserSession> Start(string chromium)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumFlags });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>Saves the page as NAME.png in <see cref="ScreenshotDirectory"/>; returns the path.</summary>
    public static async Task<string> Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        string path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Waits until every image on the page has loaded or failed; returns the sources of those that did not load.</summary>
    public static async Task<string[]> BrokenImages(IPage page) => await page.EvaluateAsync<string[]>("""
        async () => {
          const images = [...document.images];
          await Promise.all(images.map(i => i.complete ? null : new Promise(done => { i.addEventListener('load', done); i.addEventListener('error', done); })));
          return images.filter(i => i.naturalWidth === 0).map(i => i.src);
        }
        """);

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
