using PuppeteerSharp;

namespace Harness.Dashboard.Tests.Support;

/// <summary>
/// The system's Chromium, headless, driven over the DevTools protocol (PuppeteerSharp, which is never asked to
/// download a browser): one page with a 1280x860 viewport that records console errors and uncaught script errors.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowser _browser;
    private readonly DirectoryInfo _profile;
    private readonly List<string> _errors = [];

    private BrowserSession(IBrowser browser, IPage page, DirectoryInfo profile)
    {
        _browser = browser;
        Page = page;
        _profile = profile;
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) lock (_errors) _errors.Add("console: " + e.Message.Text); };
        page.PageError += (_, e) => { lock (_errors) _errors.Add("page error: " + e.Message); };
    }

    public IPage Page { get; }

    /// <summary>Console and script errors so far, one per line (empty when none).</summary>
    public string Errors()
    {
        lock (_errors) return string.Join("\n", _errors);
    }

    /// <summary>Starts the browser; skips the calling test, saying why, when no chromium is installed.</summary>
    public static async Task<BrowserSession> StartAsync()
    {
        var path = Chromium.Find();
        if (path is null) Assert.Skip("no chromium on PATH (CI installs Debian's chromium; HARNESS_CHROMIUM names another)");
        var profile = Directory.CreateTempSubdirectory("harness-dashboard-chromium-");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            UserDataDir = profile.FullName,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        page.DefaultTimeout = 20_000;
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 860 });
        return new BrowserSession(browser, page, profile);
    }

    public Task Open(RunningDashboard d, string path) => Page.GoToAsync(new Uri(d.Host.Url, path).ToString());

    public async ValueTask DisposeAsync()
    {
        await Page.CloseAsync();
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        try { _profile.Delete(recursive: true); } catch (IOException) { }
    }
}
