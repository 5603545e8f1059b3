using Microsoft.Playwright;

namespace LstmActors.Web.Tests;

/// <summary>Debian's chromium driven by Playwright through <c>ExecutablePath</c> (Playwright cannot download a browser here); screenshots go to <see cref="Screenshots"/>.</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where screenshots are saved, as test artefacts.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "chromium")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium; .ci/run does)");
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Args = ["--no-sandbox"], Headless = true });
    }

    /// <summary>A new page (its own cookies) of 1280×900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>Saves what the window shows as <paramref name="name"/>.png among the screenshots.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png") });

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
